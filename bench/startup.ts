import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BIN = new URL('../bin/datalyptica.js', import.meta.url).pathname;

/** The issue's targets: flag-only invocations within 2.5 times bare Node, `status` under 1 s. */
const MAX_RATIO_TO_NODE = 2.5;
const STATUS_TARGET_SECONDS = 1;

/** `flag`: only the command list is needed (--version, --help); `status` exits non-zero for a cluster that is not healthy. */
interface Invocation {
  label: string;
  args: string[];
  kind: 'node' | 'flag' | 'command' | 'status';
}

interface Sample {
  seconds: number;
  exitCode: number;
  stdout: string;
}

/** One run, wall time from spawn to exit; spawnSync so no event-loop latency is counted. */
function once({ args, kind }: Invocation): Sample {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const seconds = (performance.now() - started) / 1000;
  if (result.error) throw result.error;
  const exitCode = result.status ?? 1;
  if (exitCode !== 0 && kind !== 'status') throw new Error(`node ${args.join(' ')} exited ${exitCode}\n${result.stderr}`);
  return { seconds, exitCode, stdout: result.stdout };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Runs every invocation `runs` times, taking turns, so that load from other processes on the
 * machine falls on all of them alike; returns the samples per invocation.
 */
function measure(invocations: Invocation[], runs: number): Map<Invocation, Sample[]> {
  const samples = new Map(invocations.map((invocation) => [invocation, [] as Sample[]]));
  for (let run = 0; run < runs; run++) for (const invocation of invocations) samples.get(invocation)?.push(once(invocation));
  return samples;
}

const seconds = (value: number) => `${value.toFixed(2)} s`.padStart(7);

/**
 * What `status --json` says of itself: the time it spent collecting, from the moment it began to
 * connect (the rest of its wall time is start-up: Node, the CLI, the cached inventory), and the
 * cluster's verdict; nothing when it failed before reporting.
 */
function statusReport(sample: Sample): { collectingSeconds: number; verdict: string } | undefined {
  try {
    const report = JSON.parse(sample.stdout) as { durationMs?: number; verdict?: string };
    if (report.durationMs === undefined) return undefined;
    return { collectingSeconds: report.durationMs / 1000, verdict: report.verdict ?? 'unknown' };
  } catch {
    return undefined;
  }
}

export interface StartupOptions {
  runs: number;
  /** The lab's inventory, for the `status` figure; skipped when the file is not there. */
  statusInventory: string;
  print: (line: string) => void;
}

/**
 * Start-up figures (`npm run bench -- --only startup`): median wall time of `--version`,
 * `--help`, `validate` and `status` against bare `node -e 0`.
 */
export function benchStartup({ runs, statusInventory, print }: StartupOptions): void {
  const withStatus = existsSync(statusInventory);
  const node: Invocation = { label: 'node -e 0', args: ['-e', '0'], kind: 'node' };
  const invocations: Invocation[] = [
    node,
    { label: 'datalyptica --version', args: [BIN, '--version'], kind: 'flag' },
    { label: 'datalyptica --help', args: [BIN, '--help'], kind: 'flag' },
    { label: 'datalyptica validate -i inventory.example.yaml', args: [BIN, 'validate', '-i', 'inventory.example.yaml'], kind: 'command' },
  ];
  // --json for the collection time status measures itself; the text output costs the same.
  if (withStatus) invocations.push({ label: `datalyptica status -i ${statusInventory}`, args: [BIN, 'status', '-i', statusInventory, '--json'], kind: 'status' });
  const samples = measure(invocations, runs);
  const medianOf = (invocation: Invocation) => median((samples.get(invocation) ?? []).map((sample) => sample.seconds));
  const bare = medianOf(node);
  const width = Math.max(...invocations.map(({ label }) => label.length));

  print(`start-up, median wall time of ${runs} runs each (taking turns):`);
  for (const invocation of invocations) {
    const value = medianOf(invocation);
    let note = invocation.kind === 'node' ? '' : `${(value / bare).toFixed(1)}x bare node`;
    if (invocation.kind === 'flag') note += `, target <= ${MAX_RATIO_TO_NODE}x: ${value / bare <= MAX_RATIO_TO_NODE ? 'ok' : 'OVER'}`;
    if (invocation.kind === 'status') {
      const reports = (samples.get(invocation) ?? []).map((sample) => statusReport(sample) ?? { verdict: `no report (exit ${sample.exitCode})` });
      const collected = reports.flatMap((report) => ('collectingSeconds' in report ? [report.collectingSeconds] : []));
      const verdicts = [...new Set(reports.map((report) => report.verdict))].join(', ');
      // status connects as soon as it has the inventory, so what precedes the collection is start-up proper.
      const collecting = collected.length > 0 ? `, of which collecting ${median(collected).toFixed(2)} s (connecting included) and start-up ${(value - median(collected)).toFixed(2)} s` : '';
      note += `, target < ${STATUS_TARGET_SECONDS} s: ${value < STATUS_TARGET_SECONDS ? 'ok' : 'OVER'}${collecting}; cluster ${verdicts}`;
    }
    print(`  ${invocation.label.padEnd(width)} ${seconds(value)}${note ? `  (${note})` : ''}`);
  }
  if (!withStatus) print(`  status: skipped, no ${statusInventory} (npm run lab brings the lab up with phases 1-3)`);
}
