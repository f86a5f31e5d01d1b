/** What `datalyptica check` reports: one verdict per host and check, each fail with its fix. */
export type CheckStatus = 'pass' | 'warn' | 'fail';

export type CheckId =
  | 'connect'
  | 'os'
  | 'cpu'
  | 'memory'
  | 'disk'
  | 'data-free'
  | 'addresses'
  | 'ports'
  | 'sudo'
  | 'clock'
  | 'bundle'
  | 'package-proxy'
  | 'mirror'
  | 'object-storage';

export interface CheckDef {
  id: CheckId;
  title: string;
}

/** A verdict before it is attached to a host: `fix` says what to do, for warns and fails. */
export interface CheckOutcome {
  status: CheckStatus;
  detail: string;
  fix?: string;
}

export interface CheckResult extends CheckOutcome {
  check: CheckId;
  host: string;
}

export interface ClockSummary {
  /** Largest difference between two reachable hosts' estimated clocks, in seconds. */
  spreadSeconds: number;
  /** The part of that difference beyond the measurement error: what the verdicts judge. */
  provenSpreadSeconds: number;
  /** Each reachable host's clock minus this machine's, in seconds (informative only). */
  offsets: Record<string, { offsetSeconds: number; uncertaintySeconds: number }>;
}

export interface PreflightReport {
  /** True when no check failed (warnings allowed): the CLI exits 0. */
  ok: boolean;
  hosts: string[];
  /** The rows of the table, in order: checks that apply to this inventory. */
  checks: CheckDef[];
  results: CheckResult[];
  clock: ClockSummary;
  counts: Record<CheckStatus, number>;
}
