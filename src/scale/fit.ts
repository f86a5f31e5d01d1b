import { MIN_TREND_SPAN_MS } from './load.js';
import { round } from './stats.js';
import type { FitEstimate, HostLoad, Thresholds } from './types.js';

interface Crossing {
  days: number;
  what: string;
}

function crossing(what: string, now: number, perDay: number | undefined, threshold: number): Crossing | undefined {
  if (perDay === undefined || perDay <= 0 || now >= threshold) return undefined;
  return { days: (threshold - now) / perDay, what: `${what} (${now} % now, +${perDay} points/day, threshold ${threshold} %)` };
}

/**
 * How long the cluster fits at the observed growth: for every metric with a trigger threshold
 * and a rising trend, the days until it crosses; the soonest wins. CPU counts on the data plane
 * only, as its trigger does.
 */
export function fitEstimate(loads: readonly HostLoad[], thresholds: Thresholds): FitEstimate {
  if (!loads.some((load) => load.spanMs >= MIN_TREND_SPAN_MS)) {
    return { reason: 'the samples span less than a day, so no growth trend is known' };
  }
  const crossings = loads.flatMap((load) =>
    [
      load.role === 'data' && load.cpu ? crossing(`${load.host} CPU`, load.cpu.median, load.cpu.trendPerDay, thresholds.cpuPercent) : undefined,
      load.disk ? crossing(`${load.host} disk ${load.disk.mount}`, load.disk.percent, load.disk.trendPerDay, thresholds.diskPercent) : undefined,
      load.psi ? crossing(`${load.host} PSI memory`, load.psi.median, load.psi.trendPerDay, thresholds.psiMemoryPercent) : undefined,
    ].filter((entry): entry is Crossing => entry !== undefined),
  );
  const first = crossings.sort((a, b) => a.days - b.days)[0];
  if (!first) return { reason: 'no metric with a threshold grew over the window' };
  return { days: round(first.days, 0), first: first.what };
}
