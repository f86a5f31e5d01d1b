import { placeServices } from '../catalog/placement.js';
import type { PlacedService } from '../catalog/types.js';
import type { RunState } from '../engine/state.js';
import type { HealthOf } from '../health/types.js';
import type { Inventory } from '../inventory/model.js';
import { groupStatuses, type ExpectedOn } from './groups.js';
import { probeHost, type StatusPool } from './host-probe.js';
import type { ClusterStatus, HostStatus, Verdict } from './types.js';
import { vipStatuses } from './vips.js';

export interface StatusOptions {
  /** Each service's probe, as its module declares it (phases/registry.ts). */
  health: HealthOf;
  /**
   * The engine's state (.datalyptica/state.json). A service on a host that does not answer
   * counts as a member that is down when the state says its phase completed there, or when
   * it is installed on another host; otherwise it is left out as never installed.
   */
  state?: RunState;
  /** Per host: connect and answer within this (default 1500 ms), or it is reported unreachable. */
  deadlineMs?: number;
  /** Each service check runs under `timeout` this long on the host (default 1 s). */
  probeTimeoutSeconds?: number;
  now?: () => number;
}

export const DEFAULT_DEADLINE_MS = 1500;

/**
 * Asks every host at once (one SSH round trip each, with a deadline, so a dead host costs at
 * most the deadline) about the services placed on it, then judges each HA group and VIP.
 * Which services are "installed": those whose systemd unit exists on the host; a placed
 * service without one is shown as not installed and counts for nothing.
 */
export async function collectStatus(inventory: Inventory, pool: StatusPool, options: StatusOptions): Promise<ClusterStatus> {
  const now = options.now ?? Date.now;
  const started = now();
  const placed = placeServices(inventory);
  const probes = await Promise.all(
    inventory.hosts.map((host) =>
      probeHost(inventory, host, placed.filter((instance) => instance.host === host.name), pool, {
        health: options.health,
        deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
        probeTimeoutSeconds: options.probeTimeoutSeconds ?? 1,
        now,
      }),
    ),
  );
  const hosts = probes.map((probe) => probe.status);
  const addresses = new Map(probes.map((probe) => [probe.status.name, probe.addresses]));
  const expectedOn = expectation(hosts, options.state);
  const groups = groupStatuses(placed, hosts, expectedOn, options.health);
  const vips = vipStatuses(inventory, placed, hosts, addresses, expectedOn, options.health);
  const verdict = clusterVerdict(hosts, [...groups.map((group) => group.health), ...vips.map((vip) => vip.health)]);
  return {
    cluster: inventory.cluster.name,
    checkedAt: new Date(started).toISOString(),
    durationMs: now() - started,
    verdict,
    exitCode: EXIT_CODES[verdict],
    hosts,
    groups,
    vips,
  };
}

export const EXIT_CODES: Record<Verdict, 0 | 1 | 2> = { healthy: 0, degraded: 1, down: 2 };

function expectation(hosts: readonly HostStatus[], state: RunState | undefined): ExpectedOn {
  const installedSomewhere = new Set(hosts.flatMap((host) => host.services.filter((s) => s.health !== 'not-installed' && s.health !== 'unknown').map((s) => s.service)));
  return (placed: PlacedService) => state?.phases[String(placed.service.phase)]?.[placed.host] !== undefined || installedSomewhere.has(placed.service.id);
}

/** The worst of the groups and VIPs; a host that does not answer makes the cluster degraded at least, none answering makes it down. */
export function clusterVerdict(hosts: readonly HostStatus[], verdicts: readonly Verdict[]): Verdict {
  const all = [...verdicts];
  if (hosts.some((host) => !host.reachable)) all.push('degraded');
  if (hosts.length > 0 && hosts.every((host) => !host.reachable)) all.push('down');
  return all.includes('down') ? 'down' : all.includes('degraded') ? 'degraded' : 'healthy';
}
