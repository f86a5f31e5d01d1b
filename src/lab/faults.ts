import { join } from 'node:path';
import { DatalypticaError } from '../core/errors.js';
import { cgroupPids } from './cgroups.js';
import { containerRunning, hostCgroups } from './containers.js';
import type { LabContext } from './context.js';
import { labStart, labStop } from './lab.js';
import { findHost } from './plan.js';

/**
 * Fault injection from the machine side, for `failover-test` on the lab. Inside a lab host
 * systemd cannot enumerate a service's cgroup here (`systemctl kill` reaches only the main
 * process), so services are killed through the host's cgroup subtree on the machine.
 */

/** The pids of a unit (e.g. "patroni.service") running in a lab host, read from the machine. */
export async function servicePids(host: string, unit: string): Promise<number[]> {
  const [unified] = await hostCgroups(host);
  if (unified === undefined) return [];
  return cgroupPids(join(unified, 'payload', 'system.slice', unit));
}

/** Sends `signal` to every process of `unit` on `host`; returns the pids signalled. */
export async function killServiceProcesses(lab: LabContext, host: string, unit: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<number[]> {
  findHost(lab.plan, host);
  const pids = await servicePids(host, unit);
  if (pids.length === 0) {
    throw new DatalypticaError('E_LAB_NO_SERVICE', `lab: ${host} has no running processes of ${unit}`, {
      hint: `check it with: datalyptica lab ssh ${host} -- systemctl status ${unit}`,
    });
  }
  const signalled: number[] = [];
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
      signalled.push(pid);
    } catch {
      // exited between listing and signalling
    }
  }
  return signalled;
}

/** Kills the whole host at once and takes its link down: to its peers it simply vanishes. */
export async function powerOff(lab: LabContext, host: string): Promise<void> {
  await labStop(lab, host);
}

/** Boots a powered-off host (fresh addresses, no stale VIP) and waits until it answers SSH. */
export async function powerOn(lab: LabContext, host: string, sshTimeoutMs?: number): Promise<void> {
  await labStart(lab, host, sshTimeoutMs);
}

export async function isPoweredOn(host: string): Promise<boolean> {
  return containerRunning(host);
}
