import { readFile } from 'node:fs/promises';
import { systemClock, type Clock } from '../core/clock.js';
import { DatalypticaError } from '../core/errors.js';
import { RecordingIoHost, type IoHost } from '../core/events.js';
import { writeFileAtomic } from '../core/fs.js';
import { DEFAULT_CACHE_DIR, labPaths, type LabPaths } from './paths.js';
import { labPlan, type LabPlan } from './plan.js';
import { execaRunner, type Runner } from './runner.js';

/** Everything a lab operation needs: where things are, the address plan, and the side-effect ports. */
export interface LabContext {
  paths: LabPaths;
  plan: LabPlan;
  runner: Runner;
  clock: Clock;
  io: IoHost;
}

export interface LabOptions {
  /** The state dir (default ./lab). */
  dir?: string;
  cacheDir?: string;
  subnet?: string;
  runner?: Runner;
  clock?: Clock;
  io?: IoHost;
}

/** lab/state.json: what `up` built, so the other subcommands work on the same lab. */
export interface LabState {
  subnet: string;
  cacheDir: string;
  /** systemd-nspawn pid per running host (informational: liveness is read from the host's cgroup). */
  pids: Record<string, number>;
  upAt: string;
}

export function labContext(options: LabOptions = {}): LabContext {
  return {
    paths: labPaths(options.dir, options.cacheDir ?? DEFAULT_CACHE_DIR),
    plan: labPlan(options.subnet),
    runner: options.runner ?? execaRunner,
    clock: options.clock ?? systemClock,
    io: options.io ?? new RecordingIoHost(),
  };
}

export async function readLabState(paths: LabPaths): Promise<LabState | undefined> {
  const text = await readFile(paths.state, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as LabState);
}

export async function writeLabState(paths: LabPaths, state: LabState): Promise<void> {
  await writeFileAtomic(paths.state, `${JSON.stringify(state, null, 2)}\n`, { backup: false });
}

/** The context of the lab `lab up` built in `dir` (its subnet and cache dir); fails when there is none. */
export async function loadLab(options: Omit<LabOptions, 'subnet' | 'cacheDir'> = {}): Promise<LabContext> {
  const paths = labPaths(options.dir);
  const state = await readLabState(paths);
  if (!state) {
    throw new DatalypticaError('E_LAB_NOT_UP', `lab: no lab in ${paths.dir} (no state.json)`, { hint: 'run: datalyptica lab up' });
  }
  return labContext({ ...options, subnet: state.subnet, cacheDir: state.cacheDir });
}
