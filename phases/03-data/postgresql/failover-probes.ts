import { httpCall, type TlsMaterial } from '../../../src/failover/http.js';

/** The claim of the member that runs PostgreSQL as primary. */
export const POSTGRES_PRIMARY = 'postgresql-primary';

/** Patroni's own view of its member (GET /patroni): claims the primary role while it runs PostgreSQL as primary. */
export async function patroniRoleClaims(restUrl: string, tls: TlsMaterial, timeoutMs: number): Promise<string[]> {
  const answer = await httpCall({ url: `${restUrl}/patroni`, tls, timeoutMs });
  // Patroni answers 503 with the same JSON when PostgreSQL is not running.
  const status = JSON.parse(answer.body) as { role?: string; state?: string };
  return (status.role === 'master' || status.role === 'primary') && status.state === 'running' ? [POSTGRES_PRIMARY] : [];
}

interface PatroniMember {
  name: string;
  role: string;
  state: string;
  timeline?: number;
  lag?: number | string;
}

/** Patroni's maximum_lag_on_failover default: a standby further behind may not be promoted. */
const MAX_PROMOTABLE_LAG = 1_048_576;

/**
 * Whether a failover can work right now, from Patroni's GET /cluster: a running leader and a
 * synchronous standby on the leader's timeline, within the lag Patroni promotes. A standby that
 * stopped following (left on an old timeline after an earlier fault) cannot take over, and a
 * fault injected then would measure the earlier damage, not the failover.
 */
export function patroniReadiness(cluster: { members?: PatroniMember[] }): string | undefined {
  const members = cluster.members ?? [];
  const leader = members.find((member) => member.role === 'leader' && member.state === 'running');
  if (!leader) return 'no running Patroni leader';
  const sync = members.find((member) => member.role === 'sync_standby');
  if (!sync) return `no synchronous standby (leader ${leader.name})`;
  if (sync.state !== 'running' && sync.state !== 'streaming') return `synchronous standby ${sync.name} is ${sync.state}`;
  if (sync.timeline !== leader.timeline) return `synchronous standby ${sync.name} is on timeline ${sync.timeline ?? '?'}, the leader on ${leader.timeline ?? '?'}`;
  if (typeof sync.lag !== 'number' || sync.lag > MAX_PROMOTABLE_LAG) return `synchronous standby ${sync.name} lags ${String(sync.lag ?? 'unknown')} bytes`;
  return undefined;
}

/** Asks each Patroni REST URL in turn for /cluster and judges it. */
export async function patroniClusterReadiness(restUrls: readonly string[], tls: TlsMaterial, timeoutMs: number): Promise<string | undefined> {
  const errors: string[] = [];
  for (const url of restUrls) {
    try {
      const answer = await httpCall({ url: `${url}/cluster`, tls, timeoutMs });
      if (answer.status === 200) return patroniReadiness(JSON.parse(answer.body) as { members?: PatroniMember[] });
      errors.push(`${url}: HTTP ${answer.status}`);
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  return `no Patroni answered /cluster (${errors.join('; ')})`;
}
