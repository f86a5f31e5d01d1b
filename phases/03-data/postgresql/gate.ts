import { portOf } from '../../../src/config/topology.js';
import type { GateContext } from '../../../src/engine/phase.js';
import { quote } from '../../../src/engine/shell.js';
import { declaredSecrets } from '../../../src/secrets/index.js';
import type { ModuleCheck } from '../../shared/module.js';
import { pollUntil, seconds } from '../../shared/poll.js';
import { POSTGRES_PATHS, POSTGRES_SECRETS, POSTGRES_USERS } from './config.js';
import { judgePatroni, parsePatroniList, type PatroniVerdict } from './patroni-list.js';

/** Replicas start within seconds, but Patroni names the sync standby ~20 s after they stream. */
const CLUSTER_WAIT_MS = 120_000;
/** The async replica and vip-manager (500 ms polls) follow within a second or two. */
export const FOLLOW_WAIT_MS = 15_000;

export interface Endpoint {
  /** The name the certificate is verified against. */
  name: string;
  address: string;
  port: number;
}

/**
 * psql as the superuser over TLS verified against the cluster CA. The password reaches psql
 * through a private temporary .pgpass fed from stdin: never argv or the environment.
 */
export async function psql(ctx: GateContext, from: string, to: Endpoint, sql: string, password: string): Promise<{ ok: boolean; out: string }> {
  const conninfo = `host=${to.name} hostaddr=${to.address} port=${to.port} dbname=postgres user=${POSTGRES_USERS.superuser} sslmode=verify-full sslrootcert=${POSTGRES_PATHS.tlsDir}/ca.crt connect_timeout=3`;
  const command = `f=$(mktemp) && trap 'rm -f "$f"' EXIT && cat > "$f" && PGPASSFILE="$f" psql ${quote(conninfo)} -XAtq -v ON_ERROR_STOP=1 -c ${quote(sql)}`;
  const result = await ctx.exec(from, command, { sudo: true, stdin: `*:*:*:${POSTGRES_USERS.superuser}:${password}\n`, timeoutMs: 15_000 });
  return { ok: result.code === 0, out: (result.code === 0 ? result.stdout : result.stderr).trim() };
}

async function clusterFormed(ctx: GateContext, host: string, members: string[], evidence: string[]): Promise<PatroniVerdict | undefined> {
  const result = await pollUntil(ctx.clock, CLUSTER_WAIT_MS, 2000, async () => {
    const list = await ctx.exec(host, `patronictl -c ${POSTGRES_PATHS.config} list -f json`, { sudo: true });
    try {
      const verdict = judgePatroni(members, parsePatroniList(list.stdout));
      return { done: verdict.ok, value: verdict };
    } catch {
      return { done: false, value: { ok: false, leader: undefined, replicas: [], summary: `patronictl on ${host}: ${list.stderr.trim().split('\n').pop() ?? 'no answer'}` } };
    }
  });
  evidence.push(`patroni: ${result.value.summary} (after ${seconds(result.waitedMs)})`);
  return result.done ? result.value : undefined;
}

/** The superuser's password, for the gates' psql. */
export async function superuserPassword(ctx: GateContext): Promise<string> {
  return (await declaredSecrets(await ctx.cluster.secrets(), POSTGRES_SECRETS)).superuser;
}

/** Beyond every member's probe: a leader, a sync standby and replicas without lag; writes through HAProxy reach every replica. */
export const patroniClusterServes: ModuleCheck = {
  name: 'Patroni cluster, writes through HAProxy',
  async check(ctx) {
    const topology = ctx.topology;
    const members = topology.members('postgresql').map((member) => member.host).filter((name) => ctx.hosts.includes(name));
    const from = members[0];
    if (!from) return { ok: true, evidence: ['no PostgreSQL hosts in this run'] };
    const evidence: string[] = [];
    const cluster = await clusterFormed(ctx, from, members, evidence);
    if (!cluster) return { ok: false, evidence };

    const password = await superuserPassword(ctx);
    const domain = ctx.inventory.cluster.domain;
    const pgPort = (host: string) => portOf(topology.on('postgresql', host), 'postgresql');
    const haproxyHost = topology.members('haproxy')[0];
    let ok = true;

    // A token written through the HAProxy read-write port, then read on every replica.
    const token = `${ctx.clock.now()}`;
    if (haproxyHost) {
      const rw: Endpoint = { name: `lb.${domain}`, address: ctx.inventory.vips.haproxy, port: portOf(haproxyHost, 'postgresql-primary') };
      const write = await psql(ctx, from, rw,
        'CREATE SCHEMA IF NOT EXISTS datalyptica; CREATE TABLE IF NOT EXISTS datalyptica.health (source text PRIMARY KEY, token text NOT NULL, at timestamptz NOT NULL DEFAULT now()); ' +
        `INSERT INTO datalyptica.health VALUES ('install', '${token}') ON CONFLICT (source) DO UPDATE SET token = EXCLUDED.token, at = now(); SELECT inet_server_addr()`,
        password);
      const leaderAddress = topology.appAddress(cluster.leader!);
      const wroteToLeader = write.ok && write.out.split('/')[0] === leaderAddress;
      evidence.push(write.ok ? `write through ${rw.address}:${rw.port} landed on ${write.out}${wroteToLeader ? ` (${cluster.leader}, the leader)` : `, not the leader ${leaderAddress}`}` : `write through ${rw.address}:${rw.port} failed: ${write.out}`);
      ok &&= wroteToLeader;
      for (const replica of cluster.replicas) {
        const endpoint: Endpoint = { name: replica, address: topology.appAddress(replica), port: pgPort(replica) };
        const read = await pollUntil(ctx.clock, FOLLOW_WAIT_MS, 500, async () => {
          const answer = await psql(ctx, from, endpoint, "SELECT token FROM datalyptica.health WHERE source = 'install'", password);
          return { done: answer.ok && answer.out === token, value: answer };
        });
        evidence.push(read.done ? `replica ${replica} has the row (after ${seconds(read.waitedMs)})` : `replica ${replica} does not have the row: ${read.value.out || 'old token'}`);
        ok &&= read.done;
      }
    }

    return { ok, evidence };
  },
};
