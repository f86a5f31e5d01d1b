import type { Gate, GateContext, GateResult, RollingRollout } from '../../src/engine/phase.js';
import type { HealthProbe, ProbeReport } from '../../src/health/types.js';
import type { ServiceModule } from './module.js';
import { pollUntil, seconds } from './poll.js';

/** How long members may take to pass their probes after the steps (an election, a replica catching up). */
const DEFAULT_SETTLE_MS = 30_000;
/** A probe snippet bounds itself (etcdctl, curl timeouts); this only catches a stuck host. */
const PROBE_EXEC_TIMEOUT_MS = 15_000;

/** Runs a service's status probe on one member over the run's connection, as `status` does. */
async function probeMember(ctx: GateContext, serviceId: string, probe: HealthProbe, host: string): Promise<ProbeReport> {
  const target = { inventory: ctx.inventory, host: ctx.host(host), placed: ctx.topology.on(serviceId, host) };
  const output = await ctx.exec(host, probe.check!.command(target), { sudo: true, timeoutMs: PROBE_EXEC_TIMEOUT_MS });
  return probe.check!.parse({ code: output.code, stdout: output.stdout }, target);
}

/**
 * Members of a voting group must all be fully healthy with exactly one leader; other services
 * must be serving (`degraded` passes: HAProxy has no PostgreSQL server UP until phase 3 adds it).
 */
function judged(probe: HealthProbe, reports: ReadonlyArray<{ host: string; report: ProbeReport }>): boolean {
  // `unknown` (the probe timed out) is no evidence of serving: the gate waits for an answer.
  if (!probe.electsLeader) return reports.every(({ report }) => report.health === 'ok' || report.health === 'degraded');
  return reports.every(({ report }) => report.health === 'ok') && reports.filter(({ report }) => report.role === 'leader').length === 1;
}

function describe(serviceId: string, reports: ReadonlyArray<{ host: string; report: ProbeReport }>): string {
  const members = reports.map(({ host, report }) => `${host} ${report.health}${report.role ? ` ${report.role}` : ''}${report.problems.length ? ` (${report.problems.join('; ')})` : ''}`);
  return `${serviceId} probe: ${members.join(', ')}`;
}

/** Waits until every member of the module's probed services passes the probe `status` uses. */
async function probesPass(ctx: GateContext, module: ServiceModule, evidence: string[]): Promise<boolean> {
  let ok = true;
  for (const [serviceId, probe] of Object.entries(module.probes)) {
    if (!probe.check) continue;
    const members = ctx.topology.members(serviceId).map((member) => member.host).filter((host) => ctx.hosts.includes(host));
    if (members.length === 0) continue;
    const result = await pollUntil(ctx.clock, module.settleMs ?? DEFAULT_SETTLE_MS, 1000, async () => {
      const reports = await Promise.all(members.map(async (host) => ({ host, report: await probeMember(ctx, serviceId, probe, host) })));
      return { done: judged(probe, reports), value: reports };
    });
    evidence.push(`${describe(serviceId, result.value)} (after ${seconds(result.waitedMs)})`);
    ok &&= result.done;
  }
  return ok;
}

/**
 * The health gate of a phase, from what its modules declare: each module's probes pass on
 * every member (the probe `status` shows), then its functional checks (a write read back).
 * A module whose probes fail has its checks skipped: they would only add noise.
 */
export function modulesGate(name: string, modules: readonly ServiceModule[]): Gate {
  return {
    name,
    async check(ctx): Promise<GateResult> {
      const evidence: string[] = [];
      let ok = true;
      for (const module of modules) {
        if (!(await probesPass(ctx, module, evidence))) {
          ok = false;
          continue;
        }
        for (const check of module.checks ?? []) {
          const result = await check.check(ctx);
          evidence.push(...result.evidence);
          ok &&= result.ok;
        }
      }
      return { ok, evidence };
    },
  };
}

/**
 * A rolling rollout whose readiness is the service's own probe on the member just changed:
 * it must be fully healthy (and, for a voting member, know its leader) before the next member
 * is touched.
 */
export function rollingByProbe(serviceId: string, probe: HealthProbe, waitMs?: number): RollingRollout {
  return {
    mode: 'rolling',
    ...(waitMs !== undefined ? { waitMs } : {}),
    async ready(host, ctx) {
      const report = await probeMember(ctx, serviceId, probe, host);
      return { ok: report.health === 'ok', evidence: [describe(serviceId, [{ host, report }])] };
    },
  };
}
