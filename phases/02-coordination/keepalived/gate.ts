import { portOf } from '../../../src/config/topology.js';
import type { GateContext } from '../../../src/engine/phase.js';
import { declaredSecrets } from '../../../src/secrets/index.js';
import { HAPROXY_STATS_USER } from '../haproxy/config.js';
import { HAPROXY_SECRETS } from '../haproxy/steps.js';
import type { ModuleCheck } from '../../shared/module.js';
import { pollUntil, seconds } from '../../shared/poll.js';

/** keepalived elects within ~1 s of starting (its startup delay included); HAProxy restarts take longer. */
const VIP_WAIT_MS = 20_000;

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

/** One host holds the HAProxy VIP, and HAProxy serves its stats page through it (behind the password). */
export const haproxyVipServes: ModuleCheck = {
  name: 'the HAProxy VIP',
  async check(ctx) {
    const hosts = ctx.topology.members('keepalived').map((member) => member.host).filter((name) => ctx.hosts.includes(name));
    if (hosts.length === 0) return { ok: true, evidence: [] };
    const vip = ctx.inventory.vips.haproxy;
    const evidence: string[] = [];
    const held = await pollUntil(ctx.clock, VIP_WAIT_MS, 500, async () => {
      const holders = await vipHolders(ctx, hosts, vip);
      return { done: holders.length === 1, value: holders };
    });
    evidence.push(`HAProxy VIP ${vip} held by ${held.value.length === 0 ? 'no host' : held.value.join(', ')} (after ${seconds(held.waitedMs)})`);
    if (!held.done) return { ok: false, evidence };

    const url = `http://${vip}:${portOf(ctx.topology.on('haproxy', hosts[0]!), 'stats')}/`;
    const { statsPassword } = await declaredSecrets(await ctx.cluster.secrets(), HAPROXY_SECRETS);
    const anonymous = await statsStatus(ctx, hosts[0]!, url);
    const authorised = await statsStatus(ctx, hosts[0]!, url, statsPassword);
    const ok = anonymous === '401' && authorised === '200';
    evidence.push(`stats page ${url}: ${anonymous} without the password, ${authorised} with it${ok ? '' : ' (want 401 and 200)'}`);
    return { ok, evidence };
  },
};
