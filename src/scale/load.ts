import { hostBudget } from '../catalog/index.js';
import type { Inventory } from '../inventory/model.js';
import { quantile, round, slope } from './stats.js';
import type { HostLoad, HostMetrics, HostSample, Stat, Thresholds } from './types.js';

const DAY_MS = 86_400_000;
/** Below this span a slope is noise (a live sample, an hour of data), not a trend. */
export const MIN_TREND_SPAN_MS = DAY_MS;

function stat(samples: readonly HostSample[], pick: (sample: HostSample) => number | undefined, threshold: number): Stat | undefined {
  const points = samples.flatMap((sample) => {
    const value = pick(sample);
    return value === undefined ? [] : [{ x: sample.at, y: value }];
  });
  if (points.length === 0) return undefined;
  const values = points.map((point) => point.y);
  const span = (points.at(-1)?.x ?? 0) - (points[0]?.x ?? 0);
  const perMs = span >= MIN_TREND_SPAN_MS ? slope(points) : undefined;
  return {
    median: round(quantile(values, 0.5)),
    p95: round(quantile(values, 0.95)),
    max: round(Math.max(...values)),
    last: round(values.at(-1) ?? 0),
    shareAbove: round(values.filter((value) => value >= threshold).length / values.length, 3),
    ...(perMs === undefined ? {} : { trendPerDay: round(perMs * DAY_MS, 2) }),
  };
}

function defined(values: Array<number | undefined>): number[] {
  return values.filter((value): value is number => value !== undefined);
}

/** The fullest mount at the last sample that has disk figures, with that mount's trend. */
function disk(samples: readonly HostSample[]): HostLoad['disk'] {
  const last = [...samples].reverse().find((sample) => sample.diskPercent && Object.keys(sample.diskPercent).length > 0);
  if (!last?.diskPercent) return undefined;
  const [mount, percent] = Object.entries(last.diskPercent).sort((a, b) => b[1] - a[1])[0] ?? ['/', 0];
  const points = samples.flatMap((sample) => (sample.diskPercent?.[mount] === undefined ? [] : [{ x: sample.at, y: sample.diskPercent[mount] }]));
  const span = (points.at(-1)?.x ?? 0) - (points[0]?.x ?? 0);
  const perMs = span >= MIN_TREND_SPAN_MS ? slope(points) : undefined;
  return { mount, percent: round(percent), ...(perMs === undefined ? {} : { trendPerDay: round(perMs * DAY_MS, 2) }) };
}

/** One host's samples reduced to the figures the triggers and the capacity table use. */
export function summariseHost(inventory: Inventory, metrics: HostMetrics | undefined, host: string, thresholds: Thresholds): HostLoad {
  const spec = inventory.hosts.find((candidate) => candidate.name === host);
  const budget = hostBudget(inventory).find((entry) => entry.host === host);
  const samples = [...(metrics?.samples ?? [])].sort((a, b) => a.at - b.at);
  const swapUsed = defined(samples.map((sample) => sample.swapUsedMiB));
  const swapOut = defined(samples.map((sample) => sample.swapOutMiBPerSecond));
  const oom = defined(samples.map((sample) => sample.oomKills));
  const cpu = stat(samples, (sample) => sample.cpuPercent, thresholds.cpuPercent);
  const memory = stat(samples, (sample) => sample.memoryPercent, 100);
  const psi = stat(samples, (sample) => sample.psiMemoryPercent, thresholds.psiMemoryPercent);
  const diskLoad = disk(samples);
  return {
    host,
    role: spec?.role ?? 'data',
    samples: samples.length,
    spanMs: samples.length > 1 ? (samples.at(-1)?.at ?? 0) - (samples[0]?.at ?? 0) : 0,
    ...(cpu ? { cpu } : {}),
    ...(memory ? { memory } : {}),
    ...(psi ? { psi } : {}),
    ...(swapUsed.length > 0 ? { swapUsedMiB: round(swapUsed.at(-1) ?? 0, 0) } : {}),
    ...(swapOut.length > 0 ? { swapOutMiBPerSecond: round(swapOut.reduce((a, b) => a + b, 0) / swapOut.length, 2) } : {}),
    ...(oom.length > 0 ? { oomKills: oom.reduce((a, b) => a + b, 0) } : {}),
    ...(diskLoad ? { disk: diskLoad } : {}),
    budget: { memoryPercent: budget?.memory.percent ?? 0, cpuPercent: budget?.cpu.percent ?? 0 },
  };
}
