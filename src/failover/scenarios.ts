import { DatalypticaError, usageError } from '../core/errors.js';
import type { FailoverService, FaultKind } from './types.js';
import { FAILOVER_SERVICES, FAULT_KINDS } from './types.js';

/**
 * The HA table as data: for each service and fault, which unit on the role holder is hit, the
 * target with the settings the phases ship (src/config/timing.ts explains each) and the
 * spec's target.
 */
export interface ScenarioDef {
  service: FailoverService;
  fault: FaultKind;
  /** The systemd unit the fault hits on the role holder (host-down: the unit restarted after boot). */
  unit: string;
  targetMs: number;
  specTargetMs: number;
}

export const SCENARIOS: readonly ScenarioDef[] = [
  // Clean stop: the leader deletes its key and the sync standby promotes at once.
  { service: 'postgresql', fault: 'stop', unit: 'patroni.service', targetMs: 5_000, specTargetMs: 30_000 },
  // Kill or power-off: the leader key must expire (ttl 20), then promotion and HAProxy's check.
  { service: 'postgresql', fault: 'kill', unit: 'patroni.service', targetMs: 25_000, specTargetMs: 30_000 },
  { service: 'postgresql', fault: 'host-down', unit: 'patroni.service', targetMs: 25_000, specTargetMs: 30_000 },
  // Followers elect after 1-2 election timeouts (1 s) without a heartbeat.
  { service: 'etcd', fault: 'kill', unit: 'etcd.service', targetMs: 3_000, specTargetMs: 5_000 },
  { service: 'etcd', fault: 'stop', unit: 'etcd.service', targetMs: 3_000, specTargetMs: 5_000 },
  { service: 'etcd', fault: 'host-down', unit: 'etcd.service', targetMs: 3_000, specTargetMs: 5_000 },
  // keepalived stopping sends priority 0: the backup takes over after its skew time.
  { service: 'haproxy', fault: 'stop', unit: 'keepalived.service', targetMs: 1_000, specTargetMs: 2_000 },
  // HAProxy dying: keepalived's check fails (fall 2 x 1 s), the holder goes to FAULT and releases the VIP.
  { service: 'haproxy', fault: 'kill', unit: 'haproxy.service', targetMs: 2_000, specTargetMs: 2_000 },
  // The holder vanishing: the backup takes over after the master-down interval (3 x 0.3 s + skew).
  { service: 'haproxy', fault: 'host-down', unit: 'keepalived.service', targetMs: 2_000, specTargetMs: 2_000 },
];

/** Parses --service (a name or all) and --fault (a kind; default every kind). */
export function parseSelection(service: string | undefined, fault: string | undefined): { services: FailoverService[]; faults: FaultKind[] } {
  const wanted = service ?? 'all';
  if (wanted !== 'all' && !FAILOVER_SERVICES.includes(wanted as FailoverService)) {
    throw usageError('E_FLAGS', `--service ${wanted}: not an HA service this version tests`, `use one of ${FAILOVER_SERVICES.join(', ')} or all`);
  }
  if (fault !== undefined && !FAULT_KINDS.includes(fault as FaultKind)) {
    throw usageError('E_FLAGS', `--fault ${fault}: unknown fault`, `use one of ${FAULT_KINDS.join(', ')}`);
  }
  return {
    services: wanted === 'all' ? [...FAILOVER_SERVICES] : [wanted as FailoverService],
    faults: fault === undefined ? [...FAULT_KINDS] : [fault as FaultKind],
  };
}

/**
 * The scenarios to run, in table order. Services not installed on the cluster are skipped; a
 * fault kind that cannot run here (host-down without power control) is skipped when the user
 * asked for every kind and refused when they asked for it by name.
 */
export function selectScenarios(
  selection: { services: FailoverService[]; faults: FaultKind[] },
  installed: ReadonlySet<FailoverService>,
  unsupported: (fault: FaultKind) => string | undefined,
  faultNamed: boolean,
): { scenarios: ScenarioDef[]; skipped: string[] } {
  const skipped: string[] = [];
  for (const service of selection.services) if (!installed.has(service)) skipped.push(`${service}: not installed on this cluster`);
  for (const fault of selection.faults) {
    const reason = unsupported(fault);
    if (!reason) continue;
    if (faultNamed) throw usageError('E_FAILOVER_FAULT', `--fault ${fault}: cannot run on this cluster`, reason);
    skipped.push(`${fault}: ${reason}`);
  }
  const scenarios = SCENARIOS.filter((s) => selection.services.includes(s.service) && installed.has(s.service) && selection.faults.includes(s.fault) && !unsupported(s.fault));
  if (scenarios.length === 0) {
    throw new DatalypticaError('E_FAILOVER_NOTHING', 'failover-test: no scenario to run', { hint: skipped.length > 0 ? skipped.join('; ') : 'choose another --service or --fault', exitCode: 2 });
  }
  return { scenarios, skipped };
}
