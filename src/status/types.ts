import type { MemberRole } from '../health/types.js';

/**
 * What `datalyptica status` found: plain data (the JSON of `status --json`), judged by
 * verdict.ts. Rendering lives in src/cli/render/status.ts.
 */
export type Verdict = 'healthy' | 'degraded' | 'down';

/** `not-installed`: the host answered and has no such unit; `unknown`: the host did not answer. */
export type ServiceHealth = 'ok' | 'degraded' | 'down' | 'not-installed' | 'unknown';

export interface ClusterStatus {
  cluster: string;
  checkedAt: string;
  durationMs: number;
  verdict: Verdict;
  /** Exit code of `status`: 0 healthy, 1 degraded, 2 down. */
  exitCode: 0 | 1 | 2;
  hosts: HostStatus[];
  groups: GroupStatus[];
  vips: VipStatus[];
}

export interface HostStatus {
  name: string;
  reachable: boolean;
  /** Why the host did not answer (connect error, deadline). */
  error?: string;
  durationMs: number;
  services: ServiceStatus[];
}

export interface ServiceStatus {
  service: string;
  instance: number;
  unit: string;
  /** systemd's ActiveState (active, inactive, failed, activating, ...) or `not-found`. */
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
