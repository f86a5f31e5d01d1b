/**
 * The vocabulary of `failover-test`: which service gets which fault, what a client operation
 * can end as, and what one scenario's measurement looks like.
 */
/** The HA service a module's failover declaration tests (`--service` takes it): postgresql, etcd, haproxy, ... */
export type FailoverService = string;
export type FaultKind = 'stop' | 'kill' | 'host-down';

export const FAULT_KINDS: readonly FaultKind[] = ['stop', 'kill', 'host-down'];

/**
 * How an operation ended, as the client can know it:
 * - acknowledged: the server confirmed it (a committed insert, a put with a revision, a 200);
 * - failed: it certainly did not happen (no connection, or the server refused it before applying);
 * - unknown: it may or may not have happened (the connection broke after the request was sent,
 *   or it was still in flight when the test ended). Unknown writes may be present or absent.
 */
export type OpOutcome = 'acknowledged' | 'failed' | 'unknown';

export interface OpRecord {
  seq: number;
  startedAt: number;
  endedAt: number;
  outcome: OpOutcome;
  error?: string;
}

/** A write whose outcome the client can read back afterwards; probes have none. */
export interface VerifyResult {
  /** Acknowledged writes that are not there: lost. Must be empty. */
  lost: number[];
  /** Writes found that were neither acknowledged nor unknown (failed or never sent). Must be empty. */
  phantom: number[];
}

export interface ClientResult {
  name: string;
  ops: { acknowledged: number; failed: number; unknown: number };
  /** Fault to the first acknowledged operation started after it; undefined: never recovered. */
  recoveredMs?: number;
  /** Writes only; undefined for probes or when the read-back failed (see readBackError). */
  verify?: VerifyResult;
  readBackError?: string;
}

/** Two holders of one exclusive role (a VIP, the primary, the Raft leader) at once. */
export interface ClaimOverlap {
  claim: string;
  hosts: [string, string];
  fromMs: number;
  toMs: number;
}

export type Verdict = 'pass' | 'fail' | 'error';

export interface ScenarioResult {
  service: FailoverService;
  fault: FaultKind;
  /** The host the fault was injected on (the leader or VIP holder at the time). */
  host: string;
  /** What was done, in words ("systemctl stop patroni on vm1"). */
  action: string;
  /** The target with the settings the phases ship. */
  targetMs: number;
  /** The spec's HA table. */
  specTargetMs: number;
  /** Fault to the first successful client operation afterwards (the slowest client); undefined: never. */
  measuredMs?: number;
  /** Fault to the moment the service itself showed a new leader/holder, and who. */
  leaderChange?: { ms: number; to: string; what: string };
  clients: ClientResult[];
  lostWrites: number;
  phantomWrites: number;
  splitBrain: ClaimOverlap[];
  restored: boolean;
  /** The manual step when the restore failed. */
  manualRestore?: string;
  verdict: Verdict;
  /** Why the verdict is not a pass (one line each). */
  reasons: string[];
  startedAt: string;
  durationMs: number;
}

export interface FailoverReport {
  cluster: string;
  startedAt: string;
  finishedAt: string;
  /** True when the user interrupted the run (Ctrl-C); the scenarios after that did not run. */
  aborted: boolean;
  /** Whether the cluster was healthy when the run ended. */
  healthyAfter: boolean;
  scenarios: ScenarioResult[];
  ok: boolean;
}
