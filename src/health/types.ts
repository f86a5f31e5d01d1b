import type { PlacedService } from '../catalog/types.js';
import type { HostSpec, Inventory, Vips } from '../inventory/model.js';

/**
 * How `datalyptica status` checks a service. Every installed service gets its systemd state and
 * its TCP ports checked; a probe adds what only the service itself can say (a leader, a role
 * and lag, backends) and which VIP it moves. Each service module declares its probe; `status`,
 * the phase gates and `failover-test` read it through a HealthOf lookup and never name a service.
 */
export interface HealthProbe {
  /** The systemd unit that runs the service; default `<service id>.service`. PostgreSQL names Patroni's, which runs it. */
  unit?: string;
  /**
   * For a service with no process of its own, whose `unit` is another service's (the JDBC
   * catalog is a database in Patroni's PostgreSQL): a path its install creates on the host. It
   * counts as installed there only when the path exists, not whenever the borrowed unit does.
   */
  installedPath?: string;
  /** Names of the ports that must listen; default every TCP port. HAProxy's 80/443 wait for later phases' frontends. */
  ports?: string[];
  /** The members of its HA group elect a leader: a group whose reachable members name none is down. */
  electsLeader?: boolean;
  /** The inventory VIP this service moves to one of its hosts: exactly one host must hold it. */
  vip?: keyof Vips;
  check?: HealthCheck;
}

/** One service-specific check, run on the host inside the status script (as root, under `timeout`). */
export interface HealthCheck {
  /** A POSIX shell snippet; its stdout and exit code go to `parse`. */
  command(target: ProbeTarget): string;
  parse(output: ProbeOutput, target: ProbeTarget): ProbeReport;
}

/** What a check is run for: the placed instance on its host. */
export interface ProbeTarget {
  inventory: Inventory;
  host: HostSpec;
  placed: PlacedService;
}

export interface ProbeOutput {
  /** The snippet's exit code; 124 when `timeout` stopped it. */
  code: number;
  stdout: string;
}

/** Member roles as the group summary shows them (`leader vm1 · sync vm2 · replica vm3`). */
export type MemberRole = 'leader' | 'sync' | 'replica' | 'follower';

/** What a check found, normalised so that the status core can judge any group the same way. */
export interface ProbeReport {
  /**
   * `degraded`: working, with a problem worth a look; `down`: not doing its job, on positive
   * evidence (refused, not running, quorum lost); `unknown`: no answer in time, which on a busy
   * host says nothing about the service (status runs such a check again with a longer bound).
   */
  health: 'ok' | 'degraded' | 'down' | 'unknown';
  role?: MemberRole;
  /** Replication lag behind the leader in bytes (replicas). */
  lagBytes?: number;
  /** Short facts for the table: `term 4`, `timeline 2`, `postgresql-primary: vm1 UP`. */
  facts: string[];
  /** Why health is not ok, one line each. */
  problems: string[];
}

export const TIMED_OUT = 124;

/**
 * A tool's own bound expiring, as its conclusion says it: curl's `(28) Operation timed out`,
 * Python's `TimeoutError: timed out`, Go's `i/o timeout` and etcdctl's `context deadline exceeded`.
 */
const OWN_TIMEOUT = /\btimed out\b|\btimeout\b|deadline exceeded/i;

/**
 * The standard report for a snippet that failed or timed out. A refusal anywhere in the output
 * is positive evidence (etcdctl ends with `context deadline exceeded` even then, after logging
 * `connection refused`); a timeout, `timeout`'s or the tool's own, is only slowness: unknown.
 */
export function failedReport(what: string, output: ProbeOutput): ProbeReport {
  if (output.code === TIMED_OUT) return { health: 'unknown', facts: [], problems: [`${what}: no answer within the probe timeout`] };
  const reason = lastLine(output.stdout) || `exit code ${output.code}`;
  const slow = !/connection refused/i.test(output.stdout) && OWN_TIMEOUT.test(reason);
  return { health: slow ? 'unknown' : 'down', facts: [], problems: [`${what}: ${reason}`] };
}

/**
 * Tools print their conclusion last (etcdctl's `Failed to get the status ...`, Python's
 * exception after the traceback), sometimes followed by an empty result such as `[]`.
 */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim());
  return lines.filter((line) => /[a-z]/i.test(line)).pop() ?? '';
}

/** The probe a service's module declares, by catalog service id (undefined: systemd and ports only). */
export type HealthOf = (serviceId: string) => HealthProbe | undefined;

/** The systemd unit that runs a service: its probe's, else `<id>.service` (the convention every module follows). */
export function unitOf(serviceId: string, probe: HealthProbe | undefined): string {
  return probe?.unit ?? `${serviceId}.service`;
}
