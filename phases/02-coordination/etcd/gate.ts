import type { ModuleCheck } from '../../shared/module.js';
import { etcdctl } from './config.js';

/** Beyond every member's probe: the cluster stores data (a put read back through one member). */
export const etcdStoresData: ModuleCheck = {
  name: 'etcd put/get',
  async check(ctx) {
    const host = ctx.topology.members('etcd').map((member) => member.host).find((name) => ctx.hosts.includes(name));
    if (!host) return { ok: true, evidence: [] };
    const token = `${ctx.clock.now()}`;
    const run = (args: string) => etcdctl(ctx.topology, args);
    const roundTrip = await ctx.exec(host, `${run(`put /datalyptica/health/${host} ${token}`)} >/dev/null && ${run(`get /datalyptica/health/${host} --print-value-only`)}`, { sudo: true });
    const ok = roundTrip.stdout.trim() === token;
    return { ok, evidence: [ok ? `etcd put/get round trip through ${host}: ok` : `etcd put/get round trip through ${host} failed: ${roundTrip.stderr.trim() || roundTrip.stdout.trim()}`] };
  },
};
