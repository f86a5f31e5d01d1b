import { etcdClientUrls, HAPROXY_STATS_USER, HOST_PATHS, Topology } from '../../src/config/index.js';
import { portOf } from '../../src/config/topology.js';
import type { Gate, GateContext } from '../../src/engine/phase.js';
import { phaseSecrets } from '../../src/secrets/index.js';
import { pollUntil, seconds } from '../shared/poll.js';
import { judgeEtcd, parseEndpointHealth, parseEndpointStatus } from './etcd-health.js';

/** etcd forms in about a second; an election after a restart takes a few more. */
const ETCD_WAIT_MS = 30_000;
/** keepalived elects within ~1 s of starting (src/config/timing.ts); HAProxy restarts take longer. */
const VIP_WAIT_MS = 20_000;

/** etcdctl (v3 API) against every member, as the host: its certificate is also a client certificate. */
export function etcdctl(ctx: GateContext, args: string): string {
  const tls = HOST_PATHS.etcd.tlsDir;
  return `ETCDCTL_API=3 etcdctl --endpoints=${etcdClientUrls(ctx.inventory).join(',')} --cacert=${tls}/ca.crt --cert=${tls}/server.crt --key=${tls}/server.key --dial-timeout=2s --command-timeout=3s ${args}`;
}

async function etcdHealthy(ctx: GateContext, evidence: string[]): Promise<boolean> {
  const host = new Topology(ctx.inventory).members('etcd').map((member) => member.host).find((name) => ctx.hosts.includes(name));
  if (!host) return true;
  const expected = etcdClientUrls(ctx.inventory);
  const result = await pollUntil(ctx.clock, ETCD_WAIT_MS, 1000, async () => {
    const status = await ctx.exec(host, etcdctl(ctx, 'endpoint status -w json'), { sudo: true });
    const health = await ctx.exec(host, etcdctl(ctx, 'endpoint health -w json'), { sudo: true });
    try {
      const verdict = judgeEtcd(expected, parseEndpointStatus(status.stdout), parseEndpointHealth(health.stdout));
      return { done: verdict.ok, value: verdict.evidence };
    } catch {
      return { done: false, value: `etcdctl on ${host} gave no status: ${(status.stderr || health.stderr).trim().split('\n')[0] ?? ''}` };
    }
  });
  evidence.push(`${result.value} (after ${seconds(result.waitedMs)})`);
  if (!result.done) return false;

  const token = `${ctx.clock.now()}`;
  const roundTrip = await ctx.exec(host, `${etcdctl(ctx, `put /datalyptica/health/${host} ${token}`)} >/dev/null && ${etcdctl(ctx, `get /datalyptica/health/${host} --print-value-only`)}`, { sudo: true });
  const ok = roundTrip.stdout.trim() === token;
  evidence.push(ok ? `etcd put/get round trip through ${host}: ok` : `etcd put/get round trip through ${host} failed: ${roundTrip.stderr.trim() || roundTrip.stdout.trim()}`);
  return ok;
}

async function vipHolders(ctx: GateContext, hosts: string[], vip: string): Promise<string[]> {
  const answers = await Promise.all(hosts.map(async (host) => ({ host, out: (await ctx.exec(host, `ip -o -4 addr show to ${vip}`)).stdout.trim() })));
  return answers.filter((answer) => answer.out !== '').map((answer) => answer.host);
}

/** HTTP status of the stats page through the VIP, asked from `host`; credentials go through stdin (curl -K -). */
async function statsStatus(ctx: GateContext, host: string, url: string, password?: string): Promise<string> {
  const auth = password === undefined ? '' : ' -K -';
  const stdin = password === undefined ? undefined : `user = "${HAPROXY_STATS_USER}:${password}"\n`;
  const result = await ctx.exec(host, `curl -s -o /dev/null -w '%{http_code}' --max-time 3${auth} ${url}`, stdin === undefined ? {} : { stdin });
  return result.stdout.trim();
}

async function haproxyVipServes(ctx: GateContext, evidence: string[]): Promise<boolean> {
  const topology = new Topology(ctx.inventory);
  const hosts = topology.members('keepalived').map((member) => member.host).filter((name) => ctx.hosts.includes(name));
  if (hosts.length === 0) return true;
  const vip = ctx.inventory.vips.haproxy;
  const held = await pollUntil(ctx.clock, VIP_WAIT_MS, 500, async () => {
    const holders = await vipHolders(ctx, hosts, vip);
    return { done: holders.length === 1, value: holders };
  });
  evidence.push(`HAProxy VIP ${vip} held by ${held.value.length === 0 ? 'no host' : held.value.join(', ')} (after ${seconds(held.waitedMs)})`);
  if (!held.done) return false;

  const url = `http://${vip}:${portOf(topology.on('haproxy', hosts[0]!), 'stats')}/`;
  const password = (await phaseSecrets(await ctx.cluster.secrets())).haproxy.statsPassword;
  const anonymous = await statsStatus(ctx, hosts[0]!, url);
  const authorised = await statsStatus(ctx, hosts[0]!, url, password);
  const ok = anonymous === '401' && authorised === '200';
  evidence.push(`stats page ${url}: ${anonymous} without the password, ${authorised} with it${ok ? '' : ' (want 401 and 200)'}`);
  return ok;
}

/** Phase 2 health gate: etcd has all members and one leader and stores data; one host holds the HAProxy VIP and serves the stats page. */
export const coordinationHealthy: Gate = {
  name: 'etcd quorum and the HAProxy VIP',
  async check(ctx) {
    const evidence: string[] = [];
    const etcd = await etcdHealthy(ctx, evidence);
    const vip = await haproxyVipServes(ctx, evidence);
    return { ok: etcd && vip, evidence };
  },
};
