import { CLOCK_FAIL_SECONDS, CLOCK_WARN_SECONDS } from '../thresholds.js';
import type { CheckOutcome } from '../types.js';

export interface HostClock {
  host: string;
  /** The host's clock minus this machine's, in seconds. */
  offsetSeconds: number;
  /** Half the part of the round trip not spent in the script: the estimate's error bound. */
  uncertaintySeconds: number;
  container?: string;
  ntpSynchronized?: boolean;
}

/**
 * Estimates a host's offset from one round trip: the host read its clock at the start and the
 * end of the script, and the midpoint of those is compared with the midpoint of the round trip
 * here (symmetric network delay assumed, as NTP does).
 */
export function estimateOffset(sentMs: number, receivedMs: number, hostStart: number, hostEnd: number): { offsetSeconds: number; uncertaintySeconds: number } {
  const localMid = (sentMs + receivedMs) / 2000;
  const hostMid = (hostStart + hostEnd) / 2;
  return { offsetSeconds: hostMid - localMid, uncertaintySeconds: Math.max(0, (receivedMs - sentMs) / 1000 - (hostEnd - hostStart)) / 2 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const seconds = (value: number) => `${value >= 0 ? '+' : '-'}${Math.abs(value).toFixed(3)} s`;

/**
 * The largest difference between two clocks that the measurements prove: each offset is only
 * known within ±uncertainty (the script may have started anywhere in its round trip), so a
 * pair differs by at least |a - b| - ua - ub. Judging the estimates alone would flag hosts
 * that share one kernel clock whenever SSH is slow to start the script.
 */
export function provenSpread(clocks: readonly HostClock[]): number {
  let spread = 0;
  for (const a of clocks) {
    for (const b of clocks) spread = Math.max(spread, Math.abs(a.offsetSeconds - b.offsetSeconds) - a.uncertaintySeconds - b.uncertaintySeconds);
  }
  return spread;
}

export function estimatedSpread(clocks: readonly HostClock[]): number {
  return clocks.length < 2 ? 0 : Math.max(...clocks.map((c) => c.offsetSeconds)) - Math.min(...clocks.map((c) => c.offsetSeconds));
}

/**
 * The thresholds apply to the largest proven difference between two hosts (warn > 0.1 s,
 * fail > 1 s), and the blame goes to the hosts that cause it: while the remaining hosts differ
 * too much, the one(s) farthest from their median get the verdict of that difference and leave
 * the comparison. So one host 2 s ahead fails alone instead of failing every host.
 */
export function checkClocks(clocks: readonly HostClock[]): { outcomes: Map<string, CheckOutcome>; spreadSeconds: number; provenSpreadSeconds: number } {
  const outcomes = new Map<string, CheckOutcome>();
  let remaining = [...clocks];
  while (remaining.length >= 2) {
    const spread = provenSpread(remaining);
    if (spread <= CLOCK_WARN_SECONDS) break;
    const centre = median(remaining.map((c) => c.offsetSeconds));
    const farthest = Math.max(...remaining.map((c) => Math.abs(c.offsetSeconds - centre)));
    const outliers = remaining.filter((c) => Math.abs(c.offsetSeconds - centre) >= farthest - 1e-9);
    const status = spread > CLOCK_FAIL_SECONDS ? 'fail' : 'warn';
    for (const clock of outliers) {
      const off = clock.offsetSeconds - centre;
      outcomes.set(clock.host, {
        status,
        detail: `${Math.abs(off).toFixed(3)} s ${off > 0 ? 'ahead of' : 'behind'} the other hosts (at least ${spread.toFixed(3)} s apart)${describeSource(clock)}`,
        fix: fixFor(clock),
      });
    }
    remaining = remaining.filter((c) => !outliers.includes(c));
  }
  for (const clock of remaining) {
    const versus = clocks.length < 2 ? 'one host: nothing to compare' : `within ${CLOCK_WARN_SECONDS} s of the others`;
    outcomes.set(clock.host, { status: 'pass', detail: `${versus}; ${seconds(clock.offsetSeconds)} ±${clock.uncertaintySeconds.toFixed(3)} s from this machine${describeSource(clock)}` });
  }
  return { outcomes, spreadSeconds: estimatedSpread(clocks), provenSpreadSeconds: provenSpread(clocks) };
}

function describeSource(clock: HostClock): string {
  if (clock.container) return ` (${clock.container} container: its host owns the clock)`;
  if (clock.ntpSynchronized === false) return ' (NTP: not synchronised)';
  return '';
}

function fixFor(clock: HostClock): string {
  if (clock.container) return `synchronise the clock of the machine that runs the ${clock.host} container (a container cannot set it)`;
  return 'run chrony against the same NTP servers on every host (install phase 1 sets it up) and wait until `chronyc tracking` settles';
}
