import { DatalypticaError, usageError } from '../core/errors.js';
import type { FailoverService, FaultKind } from './types.js';
import { FAULT_KINDS } from './types.js';

/**
 * One row of the HA table: for a service and fault, which unit on the role holder is hit, the
 * target with the settings the phases ship (each module's config explains its timing) and the
 * spec's target. Modules declare their rows (phases/<n>/<service>/failover.ts).
 */
export interface ScenarioDef {
  service: FailoverService;
  fault: FaultKind;
  /** The systemd unit the fault hits on the role holder (host-down: the unit restarted after boot). */
  unit: string;
  /** The role whose holder the fault hits when the kit has several (one of its `roles`); default the kit's `claim`. */
  claim?: string;
  targetMs: number;
  specTargetMs: number;
}

/** Parses --service (a name or all) against the services the modules declare, and --fault (a kind; default every kind). */
export function parseSelection(service: string | undefined, fault: string | undefined, known: readonly FailoverService[]): { services: FailoverService[]; faults: FaultKind[] } {
  const wanted = service ?? 'all';
  if (wanted !== 'all' && !known.includes(wanted)) {
    throw usageError('E_FLAGS', `--service ${wanted}: not an HA service this version tests`, `use one of ${known.join(', ')} or all`);
  }
  if (fault !== undefined && !FAULT_KINDS.includes(fault as FaultKind)) {
    throw usageError('E_FLAGS', `--fault ${fault}: unknown fault`, `use one of ${FAULT_KINDS.join(', ')}`);
  }
  return {
    services: wanted === 'all' ? [...known] : [wanted],
    faults: fault === undefined ? [...FAULT_KINDS] : [fault as FaultKind],
  };
}

/**
 * The scenarios to run, in table order. Services not installed on the cluster are skipped; a
 * fault kind that cannot run here (host-down without power control) is skipped when the user
 * asked for every kind and refused when they asked for it by name.
 */
export function selectScenarios(
  table: readonly ScenarioDef[],
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
  const scenarios = table.filter((s) => selection.services.includes(s.service) && installed.has(s.service) && selection.faults.includes(s.fault) && !unsupported(s.fault));
  if (scenarios.length === 0) {
    throw new DatalypticaError('E_FAILOVER_NOTHING', 'failover-test: no scenario to run', { hint: skipped.length > 0 ? skipped.join('; ') : 'choose another --service or --fault', exitCode: 2 });
  }
  return { scenarios, skipped };
}
