import { execa } from 'execa';

const BIN = new URL('../bin/datalyptica.js', import.meta.url).pathname;

export interface Timed<T> {
  seconds: number;
  value: T;
}

export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await work();
  return { seconds: (performance.now() - started) / 1000, value };
}

/** Runs the built CLI as a user would; fails loudly with its output when it fails. */
export async function datalyptica(args: string[]): Promise<string> {
  const result = await execa('node', [BIN, ...args], { reject: false, stdin: 'ignore' });
  if (result.exitCode !== 0) {
    throw new Error(`datalyptica ${args.join(' ')} exited ${result.exitCode}\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

export interface InstallFigures {
  changed: number;
  unchanged: number;
  /** SSH round trips per host, including the health gate's. */
  roundTrips: Record<string, number>;
  /** The engine's own time for the phase, without Node start-up and SSH connection set-up. */
  phaseSeconds: number;
}

interface SummaryPhase {
  id: number;
  changed: number;
  unchanged: number;
  roundTrips: Record<string, number>;
  durationMs: number;
}

/** `install <phaseArgs> --json`: each phase's figures from the run summary, by phase id. */
async function installSummary(inventory: string, phaseArgs: string[]): Promise<Map<number, InstallFigures>> {
  const out = await datalyptica(['install', '-i', inventory, ...phaseArgs, '--yes', '--json']);
  const summary = out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string; phases?: SummaryPhase[] })
    .find((event) => event.type === 'summary');
  if (!summary?.phases) throw new Error(`no run summary in the output of install ${phaseArgs.join(' ')}`);
  return new Map(
    summary.phases.map((p) => [p.id, { changed: p.changed, unchanged: p.unchanged, roundTrips: p.roundTrips, phaseSeconds: p.durationMs / 1000 }]),
  );
}

/** `install --only N --json`: the phase's figures from the run summary. */
export async function installPhase(inventory: string, phase: number): Promise<InstallFigures> {
  const figures = (await installSummary(inventory, ['--only', String(phase)])).get(phase);
  if (!figures) throw new Error(`no summary for phase ${phase} in the install output`);
  return figures;
}

/** `install --phase A-B --json`: every phase's figures, in phase order. */
export async function installPhases(inventory: string, range: string): Promise<Map<number, InstallFigures>> {
  return installSummary(inventory, ['--phase', range]);
}
