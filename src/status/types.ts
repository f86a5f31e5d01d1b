import type { MemberRole } from '../health/types.js';

/**
 * What `datalyptica status` found: plain data (the JSON of `status --json`), judged by
 * collect.ts and groups.ts. Rendering lives in src/cli/render/status.ts.
 *
 * `down` needs positive evidence (refused, no route, a unit not running, a quorum that says it
 * is lost); what did not answer in time is `unknown`, never `down`: slow is not dead.
 */
export type Verdict = 'healthy' | 'degraded' | 'down' | 'unknown';

/**
 * `not-installed`: the host answered and has no such unit; `unreachable`: its host gave positive
 * evidence that it does not answer (it counts as a lost member); `unknown`: no answer in time
 * (its host, or its own check), so nothing is known about it.
 */
export type ServiceHealth = 'ok' | 'degraded' | 'down' | 'not-installed' | 'unreachable' | 'unknown';

/** `answered`; `unreachable` on positive evidence; `unknown`: it did not answer in time, or could not be asked (credentials, sudo). */
export type HostReach = 'answered' | 'unreachable' | 'unknown';

export interface ClusterStatus {
  cluster: string;
  checkedAt: string;
  durationMs: number;
  verdict: Verdict;
  /** Exit code of `status`: 0 healthy, 1 degraded, 2 down, 3 unknown (EXIT_CODES). */
  exitCode: 0 | 1 | 2 | 3;
  /**
   * What did not answer in time, `vm3` (a host) or `vm1 etcd` (a check): the verdict does not
   * cover them. Non-empty with any verdict but healthy: degraded or down is what is known for sure.
   */
  unknown: string[];
  hosts: HostStatus[];
  groups: GroupStatus[];
  vips: VipStatus[];
}

export interface HostStatus {
  name: string;
  /** `reach === 'answered'`, kept for readers that only ask whether the host answered. */
  reachable: boolean;
  reach: HostReach;
  /** Why the host did not answer (connect error, deadline), with how long it was given. */
  error?: string;
  durationMs: number;
  /** Round trips it took: 2 when a check ran out of time and was run again with a longer bound. */
  attempts: number;
  services: ServiceStatus[];
  /** `status --watch`, on a host that did not answer in time: its services as last seen. */
  lastAnswer?: { checkedAt: string; services: ServiceStatus[] };
}

export interface ServiceStatus {
  service: string;
  instance: number;
  unit: string;
  /** systemd's ActiveState (active, inactive, failed, activating, ...), `not-found`, or `unknown` when the host did not answer. */
  systemd: string;
  ports: Array<{ name: string; port: number; listening: boolean }>;
  health: ServiceHealth;
  role?: MemberRole;
  lagBytes?: number;
  facts: string[];
  problems: string[];
}

export interface GroupMember {
  host: string;
  instance: number;
  health: ServiceHealth;
  role?: MemberRole;
  lagBytes?: number;
}

/** An HA group of the catalog, or a service without one (its instances are its members). */
export interface GroupStatus {
  name: string;
  quorum: 'majority' | 'none';
  health: Verdict;
  size: number;
  up: number;
  /** Members that did not answer in time: neither up nor lost. */
  unknown: number;
  leader?: string;
  members: GroupMember[];
  /** Highest replication lag of the members that report one, in bytes. */
  lagBytes?: number;
  problems: string[];
  /** One line: `postgresql 3/3 healthy · leader vm1 · sync vm2 · replica vm3 · lag 0 B`. */
  summary: string;
}

export interface VipStatus {
  /** The inventory's key: haproxy, postgresql, ... */
  name: string;
  address: string;
  /** The service that moves it (keepalived, vip-manager). */
  managedBy: string;
  holders: string[];
  health: Verdict;
  problems: string[];
  summary: string;
}
