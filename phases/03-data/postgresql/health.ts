import { POSTGRES_PATHS } from './config.js';
import { failedReport, type HealthCheck, type HealthProbe, type MemberRole, type ProbeReport, type ProbeTarget } from '../../../src/health/types.js';

/** Between the two answers of one curl run (`-w` prints it after each transfer). */
const SEPARATOR = '--datalyptica-next--';

/** More than this behind the leader and Patroni would not fail over to it (maximum_lag_on_failover). */
export const MAX_HEALTHY_LAG_BYTES = 1_048_576;

function restUrl(target: ProbeTarget, path: string): string {
  const port = target.placed.ports.find((p) => p.name === 'rest')?.port ?? 8008;
  return `https://${target.host.addresses.application}:${port}${path}`;
}

/**
 * The member's own view (GET /patroni: state, role, timeline) and the cluster's view from the
 * DCS (GET /cluster: sync_standby vs replica, lag in bytes), in one curl run over one TLS
 * connection, verifying Patroni's certificate against the cluster CA.
 */
const patroniCheck: HealthCheck = {
  command(target) {
    const ca = `${POSTGRES_PATHS.tlsDir}/ca.crt`;
    return `curl -sS --max-time 0.9 --cacert ${ca} -w '\\n${SEPARATOR}\\n' ${restUrl(target, '/patroni')} ${restUrl(target, '/cluster')}`;
  },
  parse(output, target) {
    const [selfText = '', clusterText = ''] = output.stdout.split(SEPARATOR).map((part) => part.trim());
    const self = parseJson<PatroniSelf>(selfText);
    // curl's own error (refused, TLS) is the first line when Patroni did not answer.
    if (!self) return failedReport('Patroni REST API', { code: output.code === 0 ? 1 : output.code, stdout: selfText });
    const member = parseJson<PatroniCluster>(clusterText)?.members?.find((candidate) => candidate.name === target.host.name);
    return memberReport(self, member);
  },
};

export function memberReport(self: PatroniSelf, member: PatroniClusterMember | undefined): ProbeReport {
  const role = roleOf(self, member);
  // A replica's own answer may carry `timeline: null` (Patroni 3.0 while its WAL receiver reports none); the DCS knows it.
  const facts = [`timeline ${self.timeline ?? member?.timeline ?? '?'}`];
  const problems: string[] = [];
  const state = self.state ?? 'unknown';
  if (state !== 'running' && state !== 'streaming') {
    return { health: 'down', role, facts, problems: [`PostgreSQL is ${state}`] };
  }
  if (role === 'leader') {
    const streaming = (self.replication ?? []).filter((replica) => replica.state === 'streaming').length;
    facts.push(`${streaming} streaming replica${streaming === 1 ? '' : 's'}`);
  }
  let lagBytes: number | undefined;
  if (role !== 'leader') {
    if (typeof member?.lag === 'number') lagBytes = member.lag;
    else problems.push(member ? 'lag unknown: not replicating from the leader' : 'not listed in the cluster (no DCS member key)');
    if (lagBytes !== undefined && lagBytes > MAX_HEALTHY_LAG_BYTES) problems.push(`lag ${lagBytes} bytes: too far behind to be failed over to`);
  }
  if (self.pending_restart) facts.push('pending restart');
  return { health: problems.length > 0 ? 'degraded' : 'ok', role, ...(lagBytes !== undefined ? { lagBytes } : {}), facts, problems };
}

/** The DCS's role wins (it alone tells sync_standby from replica); the member's own answer otherwise. */
function roleOf(self: PatroniSelf, member: PatroniClusterMember | undefined): MemberRole {
  switch (member?.role) {
    case 'leader':
    case 'standby_leader':
      return 'leader';
    case 'sync_standby':
      return 'sync';
    case 'replica':
      return 'replica';
  }
  if (self.role === 'master' || self.role === 'primary' || self.role === 'standby_leader') return 'leader';
  return self.sync_standby ? 'sync' : 'replica';
}

function parseJson<T>(text: string): T | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The fields of GET /patroni we read (Patroni 3.x). */
export interface PatroniSelf {
  state?: string;
  role?: string;
  timeline?: number | null;
  sync_standby?: boolean;
  pending_restart?: boolean;
  replication?: Array<{ application_name?: string; state?: string; sync_state?: string }>;
}

export interface PatroniClusterMember {
  name: string;
  role?: string;
  state?: string;
  timeline?: number;
  lag?: number | string;
}

interface PatroniCluster {
  members?: PatroniClusterMember[];
}

export const PATRONI_HEALTH: HealthProbe = { electsLeader: true, check: patroniCheck };

/** Patroni starts and stops PostgreSQL: its unit is PostgreSQL's, and the port is checked on its own. */
export const POSTGRESQL_HEALTH: HealthProbe = { unit: 'patroni.service' };
