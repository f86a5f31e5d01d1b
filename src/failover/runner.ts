import type { Clock } from '../core/clock.js';
import { DatalypticaError } from '../core/errors.js';
import type { IoHost } from '../core/events.js';
import { ClaimMonitor, holdersOf, sampleOnce, type ClaimSample } from './claims.js';
import type { FaultInjector, FaultTarget } from './faults.js';
import type { ClaimWatch, ServiceKit } from './kit.js';
import { failedSince, recoveryMs, steadyFor } from './ops.js';
import { RateDriver } from './rate-driver.js';
import type { ScenarioDef } from './scenarios.js';
import { scenarioResult, type Observation } from './verdict.js';
import type { FailoverReport, FailoverService, ScenarioResult } from './types.js';

export interface HealthVerdict {
  healthy: boolean;
  /** One line: what is not healthy. */
  summary: string;
}

export interface RunnerSettings {
  /** Client operations per second (the issue asks for 10 or more). */
  rateHz: number;
  maxInFlight: number;
  /** Acknowledged operations in a row every client needs before the fault. */
  warmupOps: number;
  warmupTimeoutMs: number;
  /** How long a service may take to be ready for a failover (its kit's `ready`) before the scenario is an error. */
  readyTimeoutMs: number;
  /** How long clients keep running after all recovered: later trouble (a flapping VIP) is caught too. */
  settleMs: number;
  /** How long in-flight operations get to finish once the clients stop. */
  drainMs: number;
  healthTimeoutMs: number;
  healthPollMs: number;
  sampleIntervalMs: number;
  sampleTimeoutMs: number;
}

export const DEFAULT_SETTINGS: RunnerSettings = {
  rateHz: 20,
  maxInFlight: 256,
  warmupOps: 10,
  warmupTimeoutMs: 30_000,
  readyTimeoutMs: 90_000,
  settleMs: 3_000,
  drainMs: 20_000,
  healthTimeoutMs: 180_000,
  healthPollMs: 2_000,
  sampleIntervalMs: 200,
  sampleTimeoutMs: 1_000,
};

export interface FailoverDeps {
  clusterName: string;
  clock: Clock;
  io: IoHost;
  health(): Promise<HealthVerdict>;
  kits: Partial<Record<FailoverService, ServiceKit>>;
  watch: ClaimWatch;
  faults: FaultInjector;
  /** Ctrl-C: the current scenario stops, its fault is undone, no further scenario starts. */
  signal?: AbortSignal;
  settings?: Partial<RunnerSettings>;
}

export interface PlannedScenario {
  def: ScenarioDef;
  target: FaultTarget;
  action: string;
  holderName: string;
}

function progress(deps: FailoverDeps, text: string): void {
  deps.io.notify({ type: 'progress', scope: 'failover-test', text });
}

function kitOf(deps: FailoverDeps, service: FailoverService): ServiceKit {
  const kit = deps.kits[service];
  if (!kit) throw new DatalypticaError('E_FAILOVER_SERVICE', `failover-test: ${service} is not installed on this cluster`, { hint: 'run the phase that installs it first' });
  return kit;
}

/** The kit as one row sees it: the role its fault targets (the row's `claim`, one of the kit's `roles`) in place of the kit's own. */
export function kitForRow(kit: ServiceKit, def: ScenarioDef): ServiceKit {
  if (def.claim === undefined || def.claim === kit.claim) return kit;
  const role = kit.roles?.[def.claim];
  if (!role) throw new DatalypticaError('E_FAILOVER_ROLE', `failover-test: ${def.service}/${def.fault} targets ${def.claim}, which the ${kit.service} kit does not report`, { hint: "declare the claim in the kit's roles" });
  return { ...kit, claim: def.claim, holderName: role.holderName, changeName: role.changeName };
}

/** Every exclusive role of a kit: its claim and its further roles. */
function kitClaims(kit: ServiceKit): string[] {
  return [kit.claim, ...Object.keys(kit.roles ?? {})];
}

/** The one host that holds the service's role now; anything else means the cluster is not in shape for a test. */
export async function locateHolder(kit: ServiceKit, clock: Clock, timeoutMs: number): Promise<string> {
  const samples = await Promise.all(kit.hosts.map((host) => sampleOnce(host, kit.probe, timeoutMs, clock)));
  const holders = holdersOf(samples, kit.claim);
  if (holders.length !== 1) {
    throw new DatalypticaError('E_FAILOVER_NO_HOLDER', `failover-test: ${kit.holderName} is ${holders.length === 0 ? 'nowhere' : `on ${holders.join(' and ')}`} (expected exactly one host)`, {
      hint: 'run `datalyptica status` and fix the cluster before testing failover',
    });
  }
  return holders[0]!;
}

/** Who would be hit now and how, for the confirmation (the holders are looked up again before each scenario). */
export async function planFailoverTest(deps: FailoverDeps, defs: readonly ScenarioDef[]): Promise<PlannedScenario[]> {
  const settings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const planned: PlannedScenario[] = [];
  for (const def of defs) {
    const kit = kitForRow(kitOf(deps, def.service), def);
    // As a scenario does: a kit may set up what its probe reports on (a test topic's leader) when it gets ready.
    await waitUntilReady(deps, settings, kit).catch((error: unknown) => {
      throw new DatalypticaError('E_FAILOVER_NOT_READY', `failover-test: ${(error as Error).message}`, { hint: 'run `datalyptica status` and fix the cluster before testing failover' });
    });
    const host = await locateHolder(kit, deps.clock, settings.sampleTimeoutMs);
    const target = { fault: def.fault, host, unit: def.unit };
    planned.push({ def, target, action: deps.faults.describe(target), holderName: kit.holderName });
  }
  return planned;
}

/**
 * Runs the scenarios one at a time. Refuses to start unless the cluster is healthy; after each
 * scenario the fault is undone (also on error or Ctrl-C) and the cluster must be healthy again
 * before the next one starts. Never throws once a fault was injected: the report says what happened.
 */
export async function runFailoverTest(deps: FailoverDeps, defs: readonly ScenarioDef[]): Promise<FailoverReport> {
  const settings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const startedAt = new Date(deps.clock.now()).toISOString();
  const before = await deps.health();
  if (!before.healthy) {
    throw new DatalypticaError('E_FAILOVER_UNHEALTHY', `failover-test: the cluster is not healthy: ${before.summary}`, {
      hint: 'run `datalyptica status`, fix what it reports, then test failover',
    });
  }
  const scenarios: ScenarioResult[] = [];
  let healthyAfter = true;
  for (const def of defs) {
    if (deps.signal?.aborted) break;
    const result = await runScenario(deps, settings, def);
    scenarios.push(result);
    if (!result.restored) {
      healthyAfter = false;
      break;
    }
  }
  const aborted = deps.signal?.aborted ?? false;
  return {
    cluster: deps.clusterName,
    startedAt,
    finishedAt: new Date(deps.clock.now()).toISOString(),
    aborted,
    healthyAfter,
    scenarios,
    ok: !aborted && healthyAfter && scenarios.length === defs.length && scenarios.every((s) => s.verdict === 'pass'),
  };
}

async function runScenario(deps: FailoverDeps, settings: RunnerSettings, def: ScenarioDef): Promise<ScenarioResult> {
  const { clock } = deps;
  const began = clock.now();
  const base = kitOf(deps, def.service);
  const kit = kitForRow(base, def);
  const run = `${def.service}-${def.fault}-${began}`;
  const observation: Observation = {
    def,
    holderName: kit.holderName,
    began,
    claim: kit.claim,
    ...(kit.changeName ? { changeName: kit.changeName } : {}),
    exclusiveClaims: [...new Set([...kitClaims(base), ...deps.watch.claims])],
    clients: [],
    samples: [],
    reasons: [],
    restored: false,
  };
  /** Set just before the fault goes in: from then on the finally block must undo it. */
  let injected: FaultTarget | undefined;
  let drivers: RateDriver[] = [];
  const sampling = { intervalMs: settings.sampleIntervalMs, timeoutMs: settings.sampleTimeoutMs };
  // The VIP watch already samples a VIP role (the HAProxy kit's): no second monitor for it.
  const monitors = [new ClaimMonitor(deps.watch.hosts, deps.watch.probe, sampling, clock)];
  if (!deps.watch.claims.includes(kit.claim)) monitors.push(new ClaimMonitor(kit.hosts, kit.probe, sampling, clock));
  try {
    await waitUntilReady(deps, settings, kit);
    const host = await locateHolder(kit, clock, settings.sampleTimeoutMs);
    const target: FaultTarget = { fault: def.fault, host, unit: def.unit };
    observation.target = target;
    observation.action = deps.faults.describe(target);
    const clients = kit.clients(run);
    for (const client of clients) await client.prepare?.();
    drivers = clients.map((client) => new RateDriver(client, { rateHz: settings.rateHz, maxInFlight: settings.maxInFlight }, clock));
    for (const monitor of monitors) monitor.start();
    for (const driver of drivers) driver.start();
    await warmUp(deps, settings, drivers, def);

    progress(deps, `${def.service}/${def.fault}: ${observation.action}`);
    injected = target;
    observation.faultAt = clock.now();
    await deps.faults.inject(target);
    await waitForRecovery(deps, drivers, observation.faultAt, def);
    await sleepUnlessAborted(deps, settings.settleMs);
    if (deps.signal?.aborted) throw new Error('interrupted (Ctrl-C) while the fault was in place: this measurement is incomplete');
  } catch (error) {
    observation.error = error instanceof Error ? error.message : String(error);
  } finally {
    await collect(deps, settings, drivers, monitors, observation);
    if (injected) await restore(deps, settings, injected, observation);
    else observation.restored = true;
    if (observation.restored) await Promise.all(drivers.map((driver) => driver.client.cleanup?.().catch(() => undefined)));
    await Promise.all(drivers.map((driver) => driver.client.close().catch(() => undefined)));
  }
  observation.ended = clock.now();
  return scenarioResult(observation);
}

/** Waits for the kit's own readiness (a streaming sync standby for PostgreSQL) before any fault. */
async function waitUntilReady(deps: FailoverDeps, settings: RunnerSettings, kit: ServiceKit): Promise<void> {
  if (!kit.ready) return;
  const deadline = deps.clock.now() + settings.readyTimeoutMs;
  for (;;) {
    const reason = await kit.ready().catch((error: unknown) => (error as Error).message);
    if (reason === undefined) return;
    if (deps.clock.now() > deadline || deps.signal?.aborted) throw new Error(`${kit.service} is not ready for a failover: ${reason}; no fault was injected`);
    await deps.clock.sleep(1_000);
  }
}

async function warmUp(deps: FailoverDeps, settings: RunnerSettings, drivers: RateDriver[], def: ScenarioDef): Promise<void> {
  const deadline = deps.clock.now() + settings.warmupTimeoutMs;
  for (;;) {
    if (drivers.every((driver) => steadyFor(driver.records, settings.warmupOps))) return;
    if (deps.signal?.aborted) throw new Error('interrupted before the fault');
    if (deps.clock.now() > deadline) {
      const stuck = drivers.filter((driver) => !steadyFor(driver.records, settings.warmupOps));
      const lastError = stuck[0]?.records.filter((r) => r.error).at(-1)?.error ?? 'no answer';
      throw new Error(`${def.service}: client "${stuck[0]?.client.name}" did not get ${settings.warmupOps} acknowledged operations in a row before the fault (${lastError}); no fault was injected`);
    }
    await deps.clock.sleep(100);
  }
}

/**
 * Waits until every client was interrupted and then served again, or, for a client the fault
 * never interrupted, until a quiet spell as long as the target (at least 5 s) has passed; at
 * most a generous deadline.
 */
async function waitForRecovery(deps: FailoverDeps, drivers: RateDriver[], faultAt: number, def: ScenarioDef): Promise<void> {
  const deadline = faultAt + Math.max(3 * def.targetMs, def.targetMs + 30_000);
  const quietUntil = faultAt + Math.max(def.targetMs, 5_000);
  const settled = (driver: RateDriver) =>
    failedSince(driver.records, faultAt) ? recoveryMs(driver.records, faultAt) !== undefined : deps.clock.now() >= quietUntil;
  while (deps.clock.now() < deadline && !deps.signal?.aborted) {
    if (drivers.every(settled)) return;
    await deps.clock.sleep(50);
  }
}

async function sleepUnlessAborted(deps: FailoverDeps, ms: number): Promise<void> {
  const until = deps.clock.now() + ms;
  while (deps.clock.now() < until && !deps.signal?.aborted) await deps.clock.sleep(Math.min(100, until - deps.clock.now()));
}

/** Stops clients and monitors and reads every written sequence number back, before anything is restored. */
async function collect(deps: FailoverDeps, settings: RunnerSettings, drivers: RateDriver[], monitors: ClaimMonitor[], observation: Observation): Promise<void> {
  const records = await Promise.all(drivers.map((driver) => driver.stop(settings.drainMs)));
  const samples: ClaimSample[][] = await Promise.all(monitors.map((monitor) => monitor.stop()));
  observation.samples = samples.flat().sort((a, b) => a.at - b.at);
  for (const [index, driver] of drivers.entries()) {
    const entry: Observation['clients'][number] = { name: driver.client.name, records: records[index]! };
    if (driver.client.readBack && observation.faultAt !== undefined) {
      try {
        entry.present = await driver.client.readBack();
      } catch (error) {
        entry.readBackError = (error as Error).message;
      }
    }
    observation.clients.push(entry);
  }
}

/** Undoes the fault and waits for a healthy cluster; a failure is reported loudly with the manual step. */
async function restore(deps: FailoverDeps, settings: RunnerSettings, target: FaultTarget, observation: Observation): Promise<void> {
  const manual = deps.faults.manualRestore(target);
  try {
    progress(deps, `restoring: ${target.fault === 'host-down' ? `power ${target.host} on, then ` : ''}start ${target.unit} on ${target.host}, then wait for a healthy cluster`);
    await deps.faults.restore(target);
  } catch (error) {
    observation.restoreError = (error as Error).message;
  }
  const deadline = deps.clock.now() + settings.healthTimeoutMs;
  let last: HealthVerdict = { healthy: false, summary: 'not checked' };
  while (deps.clock.now() < deadline) {
    last = await deps.health().catch((error: unknown) => ({ healthy: false, summary: (error as Error).message }));
    if (last.healthy) break;
    await deps.clock.sleep(settings.healthPollMs);
  }
  observation.restored = last.healthy && observation.restoreError === undefined;
  if (!last.healthy) observation.restoreError = [observation.restoreError, `not healthy ${Math.round(settings.healthTimeoutMs / 1000)} s after the restore: ${last.summary}`].filter(Boolean).join('; ');
  if (!observation.restored) {
    observation.manualRestore = manual;
    deps.io.notify({ type: 'message', level: 'error', text: `RESTORE FAILED after ${target.fault} on ${target.host}: ${observation.restoreError}. Do this by hand: ${manual}, then check with \`datalyptica status\`. No further scenario runs.` });
  }
}
