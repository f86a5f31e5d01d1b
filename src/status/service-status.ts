import type { PlacedService } from '../catalog/types.js';
import { unitOf, type HealthProbe, type ProbeOutput, type ProbeReport, type ProbeTarget } from '../health/types.js';
import type { HostFacts } from './script.js';
import type { ServiceHealth, ServiceStatus } from './types.js';

/** The TCP ports that must listen: the probe's list, else every TCP port of the instance. */
export function requiredPorts(placed: PlacedService, probe: HealthProbe | undefined): PlacedService['ports'] {
  const tcp = placed.ports.filter((port) => (port.protocol ?? 'tcp') === 'tcp');
  const names = probe?.ports;
  return names === undefined ? tcp : tcp.filter((port) => names.includes(port.name));
}

/** What a service or member can be judged: `unknown` ranks below any positive evidence of a problem. */
export type Judged = Exclude<ServiceHealth, 'not-installed'>;

const RANK: Record<Judged, number> = { ok: 0, unknown: 1, degraded: 2, down: 3, unreachable: 4 };

export function worst<T extends Judged>(a: T, b: T): T {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Judges one instance from what its host said: no unit (or, for a service without a process of
 * its own, no `installedPath`) means not installed; a unit that is not
 * active is down; then its ports (all closed: down, some: degraded), then its own check, whose
 * `unknown` (it ran out of time) counts only when systemd and the ports found nothing wrong.
 */
export function serviceStatus(target: ProbeTarget, probe: HealthProbe | undefined, facts: HostFacts, check: ProbeOutput | undefined): ServiceStatus {
  const { placed } = target;
  const unit = unitOf(placed.service.id, probe);
  const base = { service: placed.service.id, instance: placed.instance, unit };
  const state = facts.units.get(unit);
  if (!state || state.load === 'not-found' || (probe?.installedPath !== undefined && !facts.paths.has(probe.installedPath))) {
    return { ...base, systemd: 'not-found', ports: [], health: 'not-installed', facts: [], problems: [] };
  }
  const ports = requiredPorts(placed, probe).map((port) => ({ name: port.name, port: port.port, listening: facts.listening.has(port.port) }));
  const systemd = state.load === 'masked' ? 'masked' : state.active;
  if (systemd !== 'active') {
    return { ...base, systemd, ports, health: 'down', facts: [], problems: [`${unit} is ${systemd}`] };
  }
  const closed = ports.filter((port) => !port.listening);
  let health: Judged = closed.length === 0 ? 'ok' : closed.length === ports.length ? 'down' : 'degraded';
  const problems = closed.map((port) => `port ${port.port} (${port.name}) not listening`);
  const report: ProbeReport | undefined = check && probe?.check?.parse(check, target);
  if (!report) return { ...base, systemd, ports, health, facts: [], problems };
  health = worst(health, report.health);
  return {
    ...base,
    systemd,
    ports,
    health,
    ...(report.role ? { role: report.role } : {}),
    ...(report.lagBytes !== undefined ? { lagBytes: report.lagBytes } : {}),
    facts: report.facts,
    problems: [...problems, ...report.problems],
  };
}

/** A service on a host that did not answer: `unreachable` or `unknown`, as its host. */
export function silentStatus(placed: PlacedService, probe: HealthProbe | undefined, health: 'unreachable' | 'unknown'): ServiceStatus {
  return { service: placed.service.id, instance: placed.instance, unit: unitOf(placed.service.id, probe), systemd: 'unknown', ports: [], health, facts: [], problems: [] };
}
