import { portOf } from '../../../src/config/topology.js';
import type { ModuleCheck } from '../../shared/module.js';
import { pollUntil, seconds } from '../../shared/poll.js';
import { FOLLOW_WAIT_MS, psql, superuserPassword, type Endpoint } from '../postgresql/gate.js';

/** The PostgreSQL VIP leads to the primary: vip-manager followed the Patroni leader key. */
export const postgresVipIsPrimary: ModuleCheck = {
  name: 'the PostgreSQL VIP',
  async check(ctx) {
    const from = ctx.topology.members('postgresql').map((member) => member.host).find((name) => ctx.hosts.includes(name));
    if (!from) return { ok: true, evidence: [] };
    const vip: Endpoint = { name: `postgres.${ctx.inventory.cluster.domain}`, address: ctx.inventory.vips.postgresql, port: portOf(ctx.topology.on('postgresql', from), 'postgresql') };
    const password = await superuserPassword(ctx);
    const primary = await pollUntil(ctx.clock, FOLLOW_WAIT_MS, 500, async () => {
      const answer = await psql(ctx, from, vip, 'SELECT pg_is_in_recovery()', password);
      return { done: answer.ok && answer.out === 'f', value: answer };
    });
    const evidence = [primary.done ? `PostgreSQL VIP ${vip.address}:${vip.port} answers as the primary (after ${seconds(primary.waitedMs)})` : `PostgreSQL VIP ${vip.address}:${vip.port} is not the primary: ${primary.value.out}`];
    return { ok: primary.done, evidence };
  },
};
