import { dirname } from 'node:path';
import { DatalypticaError } from '../core/errors.js';
import type { IoHost } from '../core/events.js';
import type { FaultPort } from '../failover/faults.js';
import { loadLab, readLabState } from './context.js';
import { killServiceProcesses, powerOff, powerOn } from './faults.js';
import { labPaths } from './paths.js';

/**
 * The lab's fault-injection port for `failover-test`: when the inventory is the one `lab up`
 * wrote, units are killed through the host's cgroups on the machine (systemd inside a lab
 * host cannot reach every process) and hosts are powered off by killing the container and
 * taking its link down. Undefined for any other inventory.
 */
export async function labFaultPort(inventoryFile: string, io: IoHost): Promise<FaultPort | undefined> {
  const dir = dirname(inventoryFile);
  if ((await readLabState(labPaths(dir))) === undefined) return undefined;
  if (process.getuid?.() !== 0) {
    throw new DatalypticaError('E_FAILOVER_LAB_ROOT', "failover-test: the lab's faults (killing a host's processes, powering it off) need root on this machine", {
      hint: 'run: sudo datalyptica failover-test ...',
    });
  }
  const lab = await loadLab({ dir, io });
  return {
    power: { description: 'lab: the container is killed and its link taken down', off: (host) => powerOff(lab, host), on: (host) => powerOn(lab, host) },
    killer: async (host, unit) => void (await killServiceProcesses(lab, host, unit)),
  };
}
