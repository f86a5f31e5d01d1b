import type { Clock } from '../../src/core/clock.js';

export interface Attempt<T> {
  done: boolean;
  value: T;
}

/**
 * Repeats `attempt` until it says done or `timeoutMs` passed, and returns the last answer with
 * how long it took: gates wait for what converges by itself (an election, a sync standby)
 * instead of failing on the first look.
 */
export async function pollUntil<T>(clock: Clock, timeoutMs: number, intervalMs: number, attempt: () => Promise<Attempt<T>>): Promise<Attempt<T> & { waitedMs: number }> {
  const started = clock.now();
  for (;;) {
    const answer = await attempt();
    const waitedMs = clock.now() - started;
    if (answer.done || waitedMs >= timeoutMs) return { ...answer, waitedMs };
    await clock.sleep(intervalMs);
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
