/**
 * `status` wall time on the lab, with the machine idle and then busy (one CPU-bound process per
 * core, as during a backup or a build): the built CLI run as a user or a cron job runs it. Each
 * run waits out systemd's user-manager stop delay (10 s) first, so that every run pays the cold
 * first session a cron job pays: that first answer is what busy machines used to miss.
 * bench/run.ts calls benchStatusLoad; test/lab/32-status-busy.test.ts uses busyMachine and statusRun.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { execa } from 'execa';
import type { ClusterStatus } from '../src/status/index.js';

const BIN = new URL('../bin/datalyptica.js', import.meta.url).pathname;

/** systemd's UserStopDelaySec (10 s by default) plus a margin: the next SSH session starts user@0 again. */
export const COLD_PAUSE_MS = 11_000;

export interface BusyMachine {
  stop(): Promise<void>;
}

/**
 * One busy loop per core for at most `seconds`. Each child bounds itself, so a crashed caller
 * never leaves the machine loaded; stop() ends them sooner.
 */
export function busyMachine(seconds: number, cores: number = availableParallelism()): BusyMachine {
  const children: ChildProcess[] = Array.from({ length: cores }, () =>
    spawn(process.execPath, ['-e', `const end = Date.now() + ${seconds * 1000}; while (Date.now() < end) {}`], { stdio: 'ignore' }),
  );
  return {
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
    },
  };
}

export interface StatusRun {
  seconds: number;
  exitCode: number;
  status: ClusterStatus;
}

/** `datalyptica status --json` as a user runs it; fails loudly when it prints no status. */
export async function statusRun(inventory: string, extra: string[] = []): Promise<StatusRun> {
  const started = performance.now();
  const result = await execa('node', [BIN, 'status', '-i', inventory, '--json', ...extra], { reject: false, stdin: 'ignore' });
  const seconds = (performance.now() - started) / 1000;
  const stdout = String(result.stdout);
  if (!stdout.trim().startsWith('{')) throw new Error(`status printed no JSON (exit ${result.exitCode}): ${String(result.stderr).slice(-2000)}`);
  return { seconds, exitCode: result.exitCode ?? 255, status: JSON.parse(stdout) as ClusterStatus };
}

export interface LoadFigures {
  medianSeconds: number;
  maxSeconds: number;
  /** How many runs gave each verdict: on the healthy lab, all of them `healthy`. */
  verdicts: Record<string, number>;
}

function figures(runs: readonly StatusRun[]): LoadFigures {
  const seconds = runs.map((run) => run.seconds).sort((a, b) => a - b);
  const verdicts: Record<string, number> = {};
  for (const run of runs) verdicts[run.status.verdict] = (verdicts[run.status.verdict] ?? 0) + 1;
  return { medianSeconds: seconds[Math.floor(seconds.length / 2)] ?? 0, maxSeconds: seconds.at(-1) ?? 0, verdicts };
}

async function coldRuns(inventory: string, count: number): Promise<StatusRun[]> {
  const runs: StatusRun[] = [];
  for (let index = 0; index < count; index++) {
    await new Promise((resolve) => setTimeout(resolve, COLD_PAUSE_MS));
    runs.push(await statusRun(inventory));
  }
  return runs;
}

/** Median (and worst) `status` wall time over `count` cold runs, idle then busy; prints both lines. */
export async function benchStatusLoad(inventory: string, print: (line: string) => void, count = 5): Promise<{ idle: LoadFigures; busy: LoadFigures }> {
  const idle = figures(await coldRuns(inventory, count));
  // Enough load for every run and its pause; stopped as soon as they are done.
  const load = busyMachine(Math.ceil((count * (COLD_PAUSE_MS + 15_000)) / 1000));
  let busy: LoadFigures;
  try {
    busy = figures(await coldRuns(inventory, count));
  } finally {
    await load.stop();
  }
  const line = (name: string, f: LoadFigures) =>
    `  ${name}: median ${f.medianSeconds.toFixed(2)} s, worst ${f.maxSeconds.toFixed(2)} s (${Object.entries(f.verdicts).map(([verdict, n]) => `${n} ${verdict}`).join(', ')})`;
  print(`status wall time, ${count} cold runs each (Node start-up included)`);
  print(line('idle machine', idle));
  print(line(`busy machine (${availableParallelism()} CPU-bound processes)`, busy));
  return { idle, busy };
}
