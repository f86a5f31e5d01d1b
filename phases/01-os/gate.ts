import type { Gate, GateContext } from '../../src/engine/phase.js';

/** Clocks further apart than this break etcd leases, Kafka and Patroni timing. */
const MAX_CLOCK_OFFSET_MS = 500;

interface HostCheck {
  host: string;
  /** The host's clock against the control machine's, from the midpoint of the round trip. */
  offsetMs: number;
  unresolved: string[];
}

/** One round trip per host: its clock first (so the midpoint estimate stays tight), then the names it cannot resolve. */
async function checkHost(ctx: GateContext, host: string, names: string[]): Promise<HostCheck> {
  const sent = Date.now();
  const result = await ctx.exec(host, `date +%s%3N; for n in ${names.join(' ')}; do getent hosts "$n" >/dev/null || echo "$n"; done`);
  const received = Date.now();
  const [clock = '', ...unresolved] = result.stdout.split('\n').filter(Boolean);
  return { host, offsetMs: Number(clock) - (sent + received) / 2, unresolved };
}

/** Phase 1 health gate: every host resolves every VM name, and the clocks agree. */
export const clusterResolvesAndAgrees: Gate = {
  name: 'names resolve and clocks agree',
  async check(ctx) {
    const domain = ctx.inventory.cluster.domain;
    const names = ctx.inventory.hosts.flatMap((host) => [host.name, `${host.name}.${domain}`, `${host.name}.mgmt.${domain}`]);
    const checks = await Promise.all(ctx.hosts.map((host) => checkHost(ctx, host, names)));
    const evidence = checks.filter((check) => check.unresolved.length > 0).map((check) => `${check.host} cannot resolve ${check.unresolved.join(', ')}`);
    const resolved = evidence.length === 0;
    if (resolved) evidence.push(`${ctx.hosts.length} hosts resolve all ${names.length} cluster names`);

    const offsets = checks.map((check) => check.offsetMs);
    const spread = Math.max(...offsets) - Math.min(...offsets);
    const clocksOk = Number.isFinite(spread) && spread <= MAX_CLOCK_OFFSET_MS;
    evidence.push(`clock spread across hosts ${Math.round(spread)} ms (limit ${MAX_CLOCK_OFFSET_MS} ms): ${checks.map((c) => `${c.host} ${Math.round(c.offsetMs)} ms`).join(', ')}`);
    return { ok: resolved && clocksOk, evidence };
  },
};
