import { DatalypticaError } from '../core/errors.js';
import type { IoHost } from '../core/events.js';
import { forEachBounded } from './parallel.js';
import type { GateContext, GateResult, RollingRollout } from './phase.js';
import type { Redactor } from './redactor.js';
import type { Resource } from './resource.js';
import type { Counts, HostPhaseState } from './step-runner.js';

export interface RollingStep {
  phase: number;
  step: string;
  stepIndex: number;
  rollout: RollingRollout;
  /** The phase's hosts this step applies to, including any that failed earlier in the phase. */
  members: string[];
  states: ReadonlyMap<string, HostPhaseState>;
  resources(host: string): Resource[];
  /** What `ready` is given: the same context as the phase's gate. */
  context: GateContext;
  concurrency: number;
  io: IoHost;
  redactor: Redactor;
  counts: Counts;
  /** Converges the step on one host. */
  runOn(host: string): Promise<void>;
}

type Probe = GateResult & { threw?: true };

const DEFAULT_WAIT_MS = 60_000;
const DEFAULT_POLL_MS = 1_000;

/**
 * Runs a rolling step. Which members change is known from the phase-wide read, so a converged
 * step costs no more than a parallel one. Otherwise every member's `ready` is asked once: when
 * none passes, the cluster is being created and its members must start together; else the
 * changing members go a batch at a time, each batch passing `ready` before the next starts, and
 * the first that does not pass stops the rollout with the remaining members untouched.
 */
export async function runRollingStep(run: RollingStep): Promise<void> {
  const batchSize = run.rollout.batchSize ?? 1;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new DatalypticaError('E_ROLLOUT_BATCH', `phase ${run.phase} step ${run.step}: batchSize must be a positive integer, not ${batchSize}`, { hint: 'this is a bug in the phase' });
  }
  const state = (host: string) => run.states.get(host)!;
  const eligible = run.members.filter((host) => !state(host).error);
  const changing = eligible.filter((host) => hasChanges(state(host), run.resources(host), run.stepIndex));
  const steady = eligible.filter((host) => !changing.includes(host));
  if (changing.length === 0) return forEachBounded(eligible, run.concurrency, run.runOn);

  // Changing members while one cannot be reached could leave the cluster without a quorum.
  const lost = run.members.filter((host) => state(host).error);
  if (lost.length > 0) {
    await forEachBounded(steady, run.concurrency, run.runOn);
    return skip(run, changing, `not started: ${lost.join(', ')} failed earlier, and a rolling change needs every member`);
  }

  const before = new Map<string, Probe>();
  await forEachBounded(eligible, run.concurrency, async (host) => void before.set(host, await probe(run, host)));
  // A probe that threw says nothing about the cluster, so it never makes a serving one look new.
  if (eligible.every((host) => !before.get(host)!.ok && !before.get(host)!.threw)) {
    run.io.notify({ type: 'message', level: 'debug', text: `phase ${run.phase} step ${run.step}: no member passes its health probe yet, so all start together (a new cluster)` });
    return forEachBounded(eligible, run.concurrency, run.runOn);
  }

  await forEachBounded(steady, run.concurrency, run.runOn);
  // Members already down go first: changing them cannot cost the quorum, and if the change does
  // not bring one back, the rollout stops before a serving member is touched.
  const order = [...changing.filter((host) => !before.get(host)!.ok), ...changing.filter((host) => before.get(host)!.ok)];
  run.io.notify({ type: 'message', level: 'debug', text: `phase ${run.phase} step ${run.step}: rolling over ${order.join(', ')}, ${batchSize} at a time` });
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    await forEachBounded(batch, run.concurrency, run.runOn);
    const stoppedAt = batch.find((host) => state(host).error) ?? (await awaitReady(run, batch));
    if (stoppedAt) return skip(run, order.slice(start + batchSize), `not started: the rollout stopped at ${stoppedAt}`);
  }
}

/** From the phase-wide read, without a round trip. A host an earlier step changed is read again by this step, so it counts as changing. */
function hasChanges(state: HostPhaseState, resources: Resource[], stepIndex: number): boolean {
  if (state.dirty || !state.initial) return true;
  const observed = state.initial[stepIndex]!;
  return resources.some((resource, index) => resource.check(observed[index]!).status === 'change');
}

/** Polls `ready` on each host of a batch; marks those that never pass as failed and returns the first. */
async function awaitReady(run: RollingStep, batch: string[]): Promise<string | undefined> {
  const waitMs = run.rollout.waitMs ?? DEFAULT_WAIT_MS;
  const failed = new Set<string>();
  await forEachBounded(batch, run.concurrency, async (host) => {
    run.io.notify({ type: 'rollout', phase: run.phase, step: run.step, host, stage: 'waiting', detail: `up to ${waitMs / 1000} s for its health probe` });
    const result = await poll(run, host, waitMs);
    const evidence = result.evidence.map((line) => run.redactor.redact(line)).join('; ') || 'the probe gave no evidence';
    run.io.notify({ type: 'rollout', phase: run.phase, step: run.step, host, stage: result.ok ? 'ready' : 'failed', detail: evidence });
    if (result.ok) return;
    failed.add(host);
    const error = new DatalypticaError('E_ROLLOUT_UNHEALTHY', `${host}: ${run.step} did not pass its health probe within ${waitMs / 1000} s of its change: ${evidence}`, {
      hint: `the rollout stopped here, so the other members were not changed; fix ${host}, then run install again`,
    });
    run.states.get(host)!.error = error;
    run.counts.failed++;
    run.io.notify({ type: 'task', phase: run.phase, step: run.step, host, task: 'rollout', status: 'failed', detail: error.message });
  });
  return batch.find((host) => failed.has(host));
}

async function poll(run: RollingStep, host: string, waitMs: number): Promise<Probe> {
  const clock = run.context.clock;
  const pollMs = run.rollout.pollMs ?? DEFAULT_POLL_MS;
  const deadline = clock.now() + waitMs;
  for (;;) {
    const result = await probe(run, host);
    if (result.ok || clock.now() >= deadline) return result;
    await clock.sleep(Math.min(pollMs, deadline - clock.now()));
  }
}

async function probe(run: RollingStep, host: string): Promise<Probe> {
  try {
    return await run.rollout.ready(host, run.context);
  } catch (error) {
    return { ok: false, threw: true, evidence: [`${host}: the health probe itself failed: ${(error as Error).message}`] };
  }
}

function skip(run: RollingStep, hosts: string[], detail: string): void {
  for (const host of hosts) run.io.notify({ type: 'task', phase: run.phase, step: run.step, host, task: 'rollout', status: 'skipped', detail });
}
