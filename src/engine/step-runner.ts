import { DatalypticaError } from '../core/errors.js';
import type { IoHost, TaskStatus } from '../core/events.js';
import type { HostSession } from './host-session.js';
import type { Redactor } from './redactor.js';
import type { ArtifactStore, Check, Resource } from './resource.js';
import { call } from './shell.js';

/** One host's progress through a phase. */
export interface HostPhaseState {
  session?: HostSession;
  /** Probe output per step and resource, read for the whole phase in one round trip. */
  initial?: string[][];
  /** Something changed on the host since that read, so later steps read again. */
  dirty: boolean;
  error?: DatalypticaError;
}

export interface Counts {
  changed: number;
  unchanged: number;
  failed: number;
  warnings: number;
}

export interface StepRun {
  phase: number;
  step: string;
  stepIndex: number;
  host: string;
  resources: Resource[];
  state: HostPhaseState;
  dryRun: boolean;
  showDiffs: boolean;
  io: IoHost;
  artifacts: ArtifactStore;
  redactor: Redactor;
  counts: Counts;
}

export function asDatalypticaError(error: unknown, host: string): DatalypticaError {
  if (error instanceof DatalypticaError) return error;
  return new DatalypticaError('E_INTERNAL', `${host}: ${(error as Error).message ?? String(error)}`, { hint: 'this is a bug in datalyptica; the run log has the details', cause: error });
}

/**
 * Converges one step on one host: read (reusing the phase-wide read when nothing changed
 * since), check, show diffs, apply what differs, verify it in one more read, then restart the
 * units that changed resources notified.
 */
export async function runStepOnHost(run: StepRun): Promise<void> {
  const { io, resources, state, host, counts } = run;
  const session = state.session!;
  const redact = (text: string | undefined) => (text === undefined ? undefined : run.redactor.redact(text));
  const statuses: TaskStatus[] = [];
  const emit = (task: string, status: TaskStatus, detail?: string, diff?: string) => {
    statuses.push(status);
    if (status === 'changed') counts.changed++;
    else if (status === 'ok') counts.unchanged++;
    else if (status === 'failed') counts.failed++;
    else if (status === 'warning') counts.warnings++;
    io.notify({ type: 'task', phase: run.phase, step: run.step, host, task, status, detail: redact(detail), diff: redact(diff) });
  };
  const fail = (task: string, error: unknown) => {
    state.error = asDatalypticaError(error, host);
    emit(task, 'failed', state.error.message);
  };
  io.notify({ type: 'step-start', phase: run.phase, step: run.step, host });

  try {
    const observed = !state.dirty && state.initial ? state.initial[run.stepIndex]! : await session.probe(resources.map((resource) => resource.probe));
    const checks: Check[] = resources.map((resource, index) => resource.check(observed[index]!));
    const pending = checks.flatMap((check, index) => (check.status === 'change' ? [index] : []));
    const diffs = run.showDiffs ? await readDiffs(session, resources, observed, pending) : new Map<number, string>();

    checks.forEach((check, index) => {
      if (check.status === 'ok') emit(resources[index]!.name, 'ok', check.note);
      else if (check.status === 'warning') emit(resources[index]!.name, 'warning', check.detail);
    });

    const notifiedBy = new Map<string, string[]>();
    const restarted = new Set<string>();
    const applied: number[] = [];
    for (const index of pending) {
      const resource = resources[index]!;
      const check = checks[index] as { detail: string };
      if (run.dryRun) {
        emit(resource.name, 'changed', check.detail, diffs.get(index));
      } else if (state.error) {
        emit(resource.name, 'skipped', 'not applied: an earlier task failed');
        continue;
      } else {
        try {
          const outcome = await resource.apply(session.applyContext(run.artifacts, resource), observed[index]!);
          state.dirty = true;
          for (const unit of outcome?.restarted ?? []) restarted.add(unit);
          applied.push(index);
        } catch (error) {
          fail(resource.name, error);
          continue;
        }
      }
      for (const unit of resource.notifies ?? []) notifiedBy.set(unit, [...(notifiedBy.get(unit) ?? []), resource.name]);
    }

    if (applied.length > 0) {
      const after = await session.probe(applied.map((index) => resources[index]!.probe));
      applied.forEach((index, k) => {
        const resource = resources[index]!;
        const verified = resource.check(after[k]!);
        const detail = (checks[index] as { detail: string }).detail;
        if (verified.status === 'change') fail(resource.name, new DatalypticaError('E_NOT_CONVERGED', `${host}: ${resource.name} still differs after applying: ${verified.detail}`, { hint: 'see the run log for what ran' }));
        else if (verified.status === 'warning') emit(resource.name, 'warning', `${detail}; ${verified.detail}`, diffs.get(index));
        else emit(resource.name, 'changed', detail, diffs.get(index));
      });
    }

    const toRestart = [...notifiedBy.keys()].filter((unit) => !restarted.has(unit));
    if (toRestart.length > 0 && !state.error) {
      if (!run.dryRun) await session.run(toRestart.map((unit) => call('systemctl', 'restart', unit)), `restart ${toRestart.join(' ')}`);
      for (const unit of toRestart) emit(`restart ${unit}`, 'changed', `notified by ${notifiedBy.get(unit)!.join(', ')}`);
    }
  } catch (error) {
    fail('read and apply', error);
  }

  const status: TaskStatus = statuses.includes('failed') ? 'failed' : statuses.includes('changed') ? 'changed' : statuses.includes('warning') ? 'warning' : 'ok';
  io.notify({ type: 'step-end', phase: run.phase, step: run.step, host, status, detail: state.error?.message });
}

/** Fetches what the diffs of the changed resources need, in one extra round trip. */
async function readDiffs(session: HostSession, resources: Resource[], observed: string[], pending: number[]): Promise<Map<number, string>> {
  const wanted = pending.flatMap((index) => {
    const probe = resources[index]!.diffProbe?.(observed[index]!);
    return probe ? [{ index, probe }] : [];
  });
  const diffs = new Map<number, string>();
  if (wanted.length === 0) return diffs;
  const outputs = await session.probe(wanted.map((entry) => entry.probe));
  wanted.forEach((entry, k) => {
    const diff = resources[entry.index]!.renderDiff?.(outputs[k]!);
    if (diff) diffs.set(entry.index, diff);
  });
  return diffs;
}
