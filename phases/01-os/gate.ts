import type { Gate, GateContext } from '../../src/engine/phase.js';

/** Clocks further apart than this break etcd leases, Kafka and Patroni timing. */
const MAX_CLOCK_OFFSET_MS = 500;

async function resolvesEveryName(ctx: GateContext, host: string, names: string[]): Promise<string[]> {
  const result = await ctx.exec(host, `for n in ${names.join(' ')}; do getent hosts "$n" >/dev/null || echo "$n"; done`);
  const missing = result.stdout.split('\n').filter(Boolean);
  return missing.length === 0 ? [] : [`${host} cannot resolve ${missing.join(', ')}`];
}

/** The host's clock against the control machine's, from the midpoint of the round trip. */
async function clockOffsetMs(ctx: GateContext, host: string): Promise<number> {
  const sent = Date.now();
  const result = await ctx.exec(host, 'date +%s%3N');
  const received = Date.now();
  return Number(result.stdout.trim()) - (sent + received) / 2;
}

/** Phase 1 health gate: every host resolves every VM name, and the clocks agree. */
export const clusterResolvesAndAgrees: Gate = {
  name: 'names resolve and clocks agree',
  async check(ctx) {
    const domain = ctx.inventory.cluster.domain;
    const names = ctx.inventory.hosts.flatMap((host) => [host.name, `${host.name}.${domain}`, `${host.name}.mgmt.${domain}`]);
    const evidence: string[] = [];
    const problems = (await Promise.all(ctx.hosts.map((host) => resolvesEveryName(ctx, host, names)))).flat();
    evidence.push(...problems);
    if (problems.length === 0) evidence.push(`${ctx.hosts.length} hosts resolve all ${names.length} cluster names`);

    const offsets = await Promise.all(ctx.hosts.map(async (host) => ({ host, offset: await clockOffsetMs(ctx, host) })));
    const spread = Math.max(...offsets.map((o) => o.offset)) - Math.min(...offsets.map((o) => o.offset));
    const clocksOk = Number.isFinite(spread) && spread <= MAX_CLOCK_OFFSET_MS;
    evidence.push(`clock spread across hosts ${Math.round(spread)} ms (limit ${MAX_CLOCK_OFFSET_MS} ms): ${offsets.map((o) => `${o.host} ${Math.round(o.offset)} ms`).join(', ')}`);
    return { ok: problems.length === 0 && clocksOk, evidence };
  },
};
