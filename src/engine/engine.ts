import { systemClock, type Clock } from '../core/clock.js';
import { DatalypticaError } from '../core/errors.js';
import type { IoHost } from '../core/events.js';
import { Topology } from '../config/topology.js';
import type { HostSpec, Inventory } from '../inventory/model.js';
import type { ConnectionPool } from '../ssh/pool.js';
import { bundleResolver } from '../artifacts/resolve.js';
import { ArtifactCache } from './artifact-cache.js';
import { clusterState, type ClusterState } from './cluster-state.js';
import { factsProbe, parseFacts, type RemoteFacts } from './host-facts.js';
import { HostSession } from './host-session.js';
import { acquireLock } from './lock.js';
import { forEachBounded } from './parallel.js';
import type { GateContext, GateResult, Phase, PhaseContext } from './phase.js';
import { Redactor } from './redactor.js';
import { runRollingStep } from './rollout.js';
import type { ArtifactStore, Resource } from './resource.js';
import { FileRunLog, type RunLog } from './run-log.js';
import { checkHosts, selectPhases, type Selection } from './select.js';
import { inventoryHash, markPhaseCompleted, markPhaseStarted, phaseCompletedOn, readState, writeState, type RunState } from './state.js';
import { asDatalypticaError, runStepOnHost, type Counts, type HostPhaseState } from './step-runner.js';
import { Templates } from './templates.js';

export interface EngineOptions {
  inventory: Inventory;
  /** The phase registry (phases/index.ts). */
  phases: readonly Phase[];
  io: IoHost;
  /** Connections, one per host; the caller closes it. */
  pool: ConnectionPool;
  /** `.datalyptica` next to the inventory: state.json, lock, runs/. */
  stateDir: string;
  selection?: Selection;
  /** Fetch remote contents to show unified diffs (always for plan; install with -v). */
  showDiffs?: boolean;
  /** Hosts worked on at once. */
  concurrency?: number;
  templates?: Templates;
  artifacts?: ArtifactStore;
  redactor?: Redactor;
  clock?: Clock;
  runLog?: RunLog;
  /** Secrets and CA; by default those of stateDir. */
  cluster?: ClusterState;
}

export interface PhaseSummary extends Counts {
  id: number;
  title: string;
  status: 'ok' | 'failed';
  durationMs: number;
  hosts: string[];
  roundTrips: Record<string, number>;
  failedHosts: Array<{ host: string; error: string; hint?: string }>;
  gate?: GateResult & { name: string };
}

export interface RunSummary {
  ok: boolean;
  dryRun: boolean;
  phases: PhaseSummary[];
  /** Phases skipped by --resume because they had completed. */
  skipped: number[];
  logDir: string | undefined;
}

/** Applies the selected phases, in order, stopping after the first that fails. Holds the lock. */
export async function runInstall(options: EngineOptions): Promise<RunSummary> {
  const release = acquireLock(options.stateDir, 'install');
  try {
    return await run(options, false);
  } finally {
    release();
  }
}

/** Reads every host and reports what install would change, with diffs; changes nothing. */
export async function runPlan(options: EngineOptions): Promise<RunSummary> {
  return run({ ...options, showDiffs: true }, true);
}

async function run(options: EngineOptions, dryRun: boolean): Promise<RunSummary> {
  const clock = options.clock ?? systemClock;
  const selection = options.selection ?? {};
  const redactor = options.redactor ?? new Redactor();
  const hash = inventoryHash(options.inventory);
  const state = readState(options.stateDir);
  const hostFilter = checkHosts(options.inventory, selection.hosts);
  const topology = new Topology(options.inventory);
  const hostsOf = (phase: Phase) => phase.hosts(options.inventory, topology).filter((host) => !hostFilter || hostFilter.has(host));
  let phases = selectPhases(options.phases, selection);
  if (!dryRun && selection.phases !== undefined) checkEarlierPhases(options.phases, phases[0]!, hostsOf, state, hash);

  const skipped: number[] = [];
  if (selection.resume) {
    if (state.lastRun && state.lastRun.inventoryHash !== hash) {
      throw new DatalypticaError('E_RESUME_INVENTORY', 'the inventory changed since the last run, so --resume cannot trust what completed', {
        hint: 'run install without --resume (converged tasks are cheap)',
        exitCode: 2,
      });
    }
    const done = (phase: Phase) => hostsOf(phase).every((host) => phaseCompletedOn(state, phase.id, host, hash));
    skipped.push(...phases.filter(done).map((phase) => phase.id));
    phases = phases.filter((phase) => !done(phase));
    if (skipped.length > 0) options.io.notify({ type: 'message', level: 'info', text: `--resume: phases ${skipped.join(', ')} already completed; starting at ${phases[0] ? `phase ${phases[0].id}` : 'nothing (all done)'}` });
  }

  const startedAt = new Date(clock.now());
  const log = options.runLog ?? new FileRunLog(options.stateDir, startedAt, redactor);
  const templates = options.templates ?? new Templates();
  const sessions = new Map<string, Promise<HostSession>>();
  const session = (host: string) => {
    let pending = sessions.get(host);
    if (!pending) {
      pending = options.pool.get(host).then((transport) => new HostSession(transport, log));
      sessions.set(host, pending);
    }
    return pending;
  };
  const facts = new Map<string, Promise<RemoteFacts>>();
  const context: PhaseContext = {
    inventory: options.inventory,
    topology,
    host: (name) => hostSpec(options.inventory, name),
    template: (name, vars) => templates.render(name, vars),
    secret: (value) => redactor.add(value),
    cluster: options.cluster ?? clusterState(options.stateDir, options.inventory.cluster.name, redactor),
    release: bundleResolver(options.inventory),
    facts: (host) => {
      let pending = facts.get(host);
      if (!pending) {
        const address = hostSpec(options.inventory, host).addresses.application;
        pending = session(host).then(async (s) => parseFacts(host, address, (await s.run([factsProbe(address)], 'read host facts')).stdout));
        facts.set(host, pending);
      }
      return pending;
    },
  };
  const runner: PhaseRunner = {
    options: { ...options, artifacts: options.artifacts ?? new ArtifactCache(artifactOptions(options.inventory)) },
    dryRun,
    context,
    redactor,
    clock,
    session,
  };

  const summaries: PhaseSummary[] = [];
  for (const phase of phases) {
    if (!dryRun) {
      markPhaseStarted(state, phase.id, hostsOf(phase));
      writeState(options.stateDir, state);
    }
    const summary = await runPhase(runner, phase, hostsOf(phase));
    summaries.push(summary);
    if (!dryRun && summary.status === 'ok') {
      markPhaseCompleted(state, phase.id, summary.hosts, hash, new Date(clock.now()));
      writeState(options.stateDir, state);
    }
    if (!dryRun && summary.status === 'failed') break;
  }
  const ok = summaries.every((summary) => summary.status === 'ok');
  if (!dryRun) {
    const failedPhase = summaries.find((summary) => summary.status === 'failed')?.id;
    state.lastRun = { startedAt: startedAt.toISOString(), finishedAt: new Date(clock.now()).toISOString(), ok, inventoryHash: hash, ...(failedPhase ? { failedPhase } : {}) };
    writeState(options.stateDir, state);
  }
  return { ok, dryRun, phases: summaries, skipped, logDir: log.dir };
}

interface PhaseRunner {
  options: EngineOptions & { artifacts: ArtifactStore };
  dryRun: boolean;
  context: PhaseContext;
  redactor: Redactor;
  clock: Clock;
  session(host: string): Promise<HostSession>;
}

async function runPhase(runner: PhaseRunner, phase: Phase, hosts: string[]): Promise<PhaseSummary> {
  const { io, inventory } = runner.options;
  const concurrency = runner.options.concurrency ?? 10;
  const started = runner.clock.now();
  const counts: Counts = { changed: 0, unchanged: 0, failed: 0, warnings: 0 };
  io.notify({ type: 'phase-start', phase: phase.id, title: phase.title, hosts, dryRun: runner.dryRun });

  const states = new Map<string, HostPhaseState>(hosts.map((host) => [host, { dirty: false }]));
  const resources = new Map<string, Array<Resource[] | undefined>>();
  const roundTripsBefore = new Map<string, number>();
  const failHost = (host: string, task: string, error: unknown) => {
    const state = states.get(host)!;
    state.error = asDatalypticaError(error, host);
    counts.failed++;
    io.notify({ type: 'task', phase: phase.id, step: 'connect', host, task, status: 'failed', detail: runner.redactor.redact(state.error.message) });
  };

  // Connect and read the state of the whole phase: one round trip per host when all is converged.
  await forEachBounded(hosts, concurrency, async (host) => {
    const state = states.get(host)!;
    try {
      const spec = hostSpec(inventory, host);
      const perStep = await Promise.all(phase.steps.map(async (step) => (step.hosts && !step.hosts(spec, runner.context) ? undefined : step.resources(spec, runner.context))));
      perStep.forEach((list) => list && checkUniqueNames(phase, host, list));
      resources.set(host, perStep);
      state.session = await runner.session(host);
      roundTripsBefore.set(host, state.session.roundTrips);
      const groups = perStep.flatMap((list) => (list ?? []).map((resource) => resource.probe));
      const outputs = await state.session.probe(groups);
      let offset = 0;
      state.initial = perStep.map((list) => outputs.slice(offset, (offset += list?.length ?? 0)));
    } catch (error) {
      failHost(host, state.session ? 'read host state' : 'connect', error);
    }
  });

  for (const [stepIndex, step] of phase.steps.entries()) {
    const members = hosts.filter((host) => resources.get(host)?.[stepIndex]);
    const runOn = (host: string) =>
      runStepOnHost({
        phase: phase.id,
        step: step.name,
        stepIndex,
        host,
        resources: resources.get(host)![stepIndex]!,
        state: states.get(host)!,
        dryRun: runner.dryRun,
        showDiffs: runner.options.showDiffs ?? false,
        io,
        artifacts: runner.options.artifacts,
        redactor: runner.redactor,
        counts,
      });
    if (step.rollout?.mode === 'rolling' && !runner.dryRun) {
      // The member probes see what the phase's gate sees.
      const context: GateContext = { ...runner.context, hosts, clock: runner.clock, exec: async (host, command, options) => (await runner.session(host)).exec(command, options ?? {}) };
      await runRollingStep({
        phase: phase.id,
        step: step.name,
        stepIndex,
        rollout: step.rollout,
        members,
        states,
        resources: (host) => resources.get(host)![stepIndex]!,
        context,
        concurrency,
        io,
        redactor: runner.redactor,
        counts,
        runOn,
      });
    } else {
      await forEachBounded(members.filter((host) => !states.get(host)!.error), concurrency, runOn);
    }
    // A cluster step usually needs every member: stop the phase once a host failed (a plan goes on).
    if (!runner.dryRun && hosts.some((host) => states.get(host)!.error)) break;
  }

  const failedHosts = hosts.flatMap((host) => {
    const error = states.get(host)!.error;
    return error ? [{ host, error: error.message, hint: error.hint }] : [];
  });
  let gate: PhaseSummary['gate'];
  if (!runner.dryRun && failedHosts.length === 0 && phase.gate) {
    gate = { name: phase.gate.name, ...(await runGate(runner, phase, hosts)) };
    io.notify({ type: 'gate', phase: phase.id, name: gate.name, ok: gate.ok, evidence: gate.evidence.map((line) => runner.redactor.redact(line)) });
  }
  const roundTrips = Object.fromEntries(hosts.map((host) => [host, (states.get(host)!.session?.roundTrips ?? 0) - (roundTripsBefore.get(host) ?? 0)]));
  const durationMs = runner.clock.now() - started;
  const status = failedHosts.length === 0 && (gate?.ok ?? true) ? 'ok' : 'failed';
  io.notify({ type: 'phase-end', phase: phase.id, title: phase.title, ...counts, durationMs, roundTrips, failedHosts: failedHosts.map((entry) => entry.host) });
  return { id: phase.id, title: phase.title, status, durationMs, hosts, roundTrips, failedHosts, ...counts, ...(gate ? { gate } : {}) };
}

async function runGate(runner: PhaseRunner, phase: Phase, hosts: string[]): Promise<GateResult> {
  try {
    return await phase.gate!.check({
      ...runner.context,
      hosts,
      clock: runner.clock,
      exec: async (host, command, options) => (await runner.session(host)).exec(command, options ?? {}),
    });
  } catch (error) {
    return { ok: false, evidence: [`the gate itself failed: ${runner.redactor.redact((error as Error).message)}`] };
  }
}

function hostSpec(inventory: Inventory, name: string): HostSpec {
  const host = inventory.hosts.find((candidate) => candidate.name === name);
  if (!host) throw new DatalypticaError('E_HOST_UNKNOWN', `no host named ${name} in the inventory`, { hint: 'a phase selected a host the inventory does not have' });
  return host;
}

function checkUniqueNames(phase: Phase, host: string, list: Resource[]): void {
  const seen = new Set<string>();
  for (const resource of list) {
    if (seen.has(resource.name)) {
      throw new DatalypticaError('E_DUPLICATE_RESOURCE', `phase ${phase.id} declares "${resource.name}" twice for ${host} in one step`, { hint: 'this is a bug in the phase' });
    }
    seen.add(resource.name);
  }
}

/** `--phase 3-5` needs phases 1 and 2 to have completed with this inventory; `--only 3` does not. */
function checkEarlierPhases(all: readonly Phase[], first: Phase, hostsOf: (phase: Phase) => string[], state: RunState, hash: string): void {
  for (const earlier of all.filter((phase) => phase.id < first.id).sort((a, b) => a.id - b.id)) {
    const missing = hostsOf(earlier).filter((host) => !phaseCompletedOn(state, earlier.id, host, hash));
    if (missing.length > 0) {
      throw new DatalypticaError('E_PHASE_ORDER', `phase ${earlier.id} (${earlier.title}) has not completed on ${missing.join(', ')} with this inventory`, {
        hint: `run --phase ${earlier.id}-${first.id} first, or --only ${first.id} to run phase ${first.id} anyway`,
        exitCode: 2,
      });
    }
  }
}

function artifactOptions(inventory: Inventory) {
  return { ...(inventory.artifacts?.mirror ? { mirror: inventory.artifacts.mirror } : {}), ...(inventory.artifacts?.bundleDir ? { bundleDir: inventory.artifacts.bundleDir } : {}) };
}
