import { placeServices } from '../catalog/placement.js';
import type { PlacedService } from '../catalog/types.js';
import type { RunState } from '../engine/state.js';
import type { HealthOf } from '../health/types.js';
import type { Inventory } from '../inventory/model.js';
import { DEFAULT_DEADLINE_MS } from './connect.js';
import { groupStatuses, type ExpectedOn } from './groups.js';
import { probeHost, type StatusPool } from './host-probe.js';
import type { ClusterStatus, HostStatus, Verdict } from './types.js';
import { vipStatuses } from './vips.js';

export interface StatusOptions {
  /** Each service's probe, as its module declares it (phases/registry.ts). */
  health: HealthOf;
  /**
   * The engine's state (.datalyptica/state.json). A service on a host that does not answer
   * counts as a member when the state says its phase completed there, or when it is installed
   * on another host; otherwise it is left out as never installed.
   */
  state?: RunState;
  /** Per host: the whole answer, connecting included, within this (default 10 s), or it is unknown. */
  deadlineMs?: number;
  /** Each service check runs under `timeout` this long on the host (default 2 s); one that hit it runs again under twice this. */
  probeTimeoutSeconds?: number;
  /**
   * When connecting began, for a caller that opened the pool's connections ahead of this call
   * (`status` does, while the status core loads): the duration and each host's deadline count
   * from then, so connecting early never stretches the bound.
   */
  startedAt?: number;
  now?: () => number;
}

/** Inside the script, under `timeout`: the probes bound themselves near 1 s, this only catches a tool slow to start. */
export const DEFAULT_PROBE_TIMEOUT_SECONDS = 2;

/**
 * Asks every host at once (one SSH round trip each, a second when a check ran out of time,
 * within a deadline) about the services placed on it, then judges each HA group and VIP.
 * Which services are "installed": those whose systemd unit exists on the host; a placed
 * service without one is shown as not installed and counts for nothing.
 */
export async function collectStatus(inventory: Inventory, pool: StatusPool, options: StatusOptions): Promise<ClusterStatus> {
  const now = options.now ?? Date.now;
  const started = options.startedAt ?? now();
  const placed = placeServices(inventory);
  const probes = await Promise.all(
    inventory.hosts.map((host) =>
      probeHost(inventory, host, placed.filter((instance) => instance.host === host.name), pool, {
        health: options.health,
        deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
        probeTimeoutSeconds: options.probeTimeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_SECONDS,
        startedAt: started,
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
    unknown: unanswered(hosts),
    hosts,
    groups,
    vips,
  };
}

/** 3 for an incomplete answer, as monitoring plugins report UNKNOWN (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). */
export const EXIT_CODES: Record<Verdict, ClusterStatus['exitCode']> = { healthy: 0, degraded: 1, down: 2, unknown: 3 };

/** Hosts, and checks on hosts that answered, that gave no answer in time. */
function unanswered(hosts: readonly HostStatus[]): string[] {
  return hosts.flatMap((host) => {
    if (host.reach === 'unknown') return [host.name];
    if (host.reach === 'unreachable') return [];
    return [...new Set(host.services.filter((s) => s.health === 'unknown').map((s) => `${host.name} ${s.service}`))];
  });
}

function expectation(hosts: readonly HostStatus[], state: RunState | undefined): ExpectedOn {
  const installedSomewhere = new Set(hosts.flatMap((host) => host.services.filter((s) => s.systemd !== 'not-found' && s.systemd !== 'unknown').map((s) => s.service)));
  return (placed: PlacedService) => state?.phases[String(placed.service.phase)]?.[placed.host] !== undefined || installedSomewhere.has(placed.service.id);
}

/**
 * The worst of the groups and VIPs, and of the hosts: one unreachable makes the cluster degraded
 * at least, all of them down. What is known to be wrong outranks what is not known (down >
 * degraded > unknown > healthy): an unknown host hides nothing worse than it is.
 */
export function clusterVerdict(hosts: readonly HostStatus[], verdicts: readonly Verdict[]): Verdict {
  const all = [...verdicts];
  if (hosts.some((host) => host.reach === 'unreachable')) all.push('degraded');
  if (hosts.length > 0 && hosts.every((host) => host.reach === 'unreachable')) all.push('down');
  if (hosts.some((host) => host.reach === 'unknown')) all.push('unknown');
  return (['down', 'degraded', 'unknown'] as const).find((verdict) => all.includes(verdict)) ?? 'healthy';
}
