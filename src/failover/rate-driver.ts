import type { Clock } from '../core/clock.js';
import { outcomeOf } from './ops.js';
import type { OpRecord } from './types.js';

/** One kind of client operation (an insert, a put, a probe), numbered by the driver. */
export interface OpClient {
  /** For the report: "insert through the PostgreSQL VIP". */
  readonly name: string;
  /** Sets up what the operations need (a table), before the first one. */
  prepare?(): Promise<void>;
  /** Resolves when acknowledged; throws OpFailure (failed/unknown) otherwise. Must never cancel a write it sent. */
  attempt(seq: number): Promise<void>;
  /** The sequence numbers the service holds afterwards; absent for probes. */
  readBack?(): Promise<number[]>;
  /** Removes the test's data (best effort). */
  cleanup?(): Promise<void>;
  /** Closes connections; in-flight operations may be abandoned (they stay unknown). */
  close(): Promise<void>;
}

export interface RateOptions {
  /** Operations started per second, whatever the previous ones are doing. */
  rateHz: number;
  /** Operations allowed in flight; a tick past it is recorded as failed (never sent). */
  maxInFlight: number;
}

/**
 * Starts one operation every 1/rate seconds, on schedule even while earlier ones hang (a
 * commit waiting on a dead primary must not delay the probe that finds the new one), and
 * records every outcome with its sequence number and times.
 */
export class RateDriver {
  readonly records: OpRecord[] = [];
  private readonly inFlight = new Map<number, { startedAt: number; done: Promise<void> }>();
  private running = false;
  /** Set once stop() has recorded the stragglers: their late outcomes must not be recorded twice. */
  private sealed = false;
  private loop: Promise<void> | undefined;

  constructor(
    readonly client: OpClient,
    private readonly options: RateOptions,
    private readonly clock: Clock,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.schedule();
  }

  private async schedule(): Promise<void> {
    const interval = 1000 / this.options.rateHz;
    const origin = this.clock.now();
    for (let seq = 1; this.running; seq++) {
      this.launch(seq);
      const next = origin + seq * interval;
      const wait = next - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
    }
  }

  private launch(seq: number): void {
    const startedAt = this.clock.now();
    if (this.inFlight.size >= this.options.maxInFlight) {
      this.records.push({ seq, startedAt, endedAt: startedAt, outcome: 'failed', error: `not sent: ${this.inFlight.size} operations still in flight` });
      return;
    }
    const done = this.client.attempt(seq).then(
      () => {
        if (!this.sealed) this.records.push({ seq, startedAt, endedAt: this.clock.now(), outcome: 'acknowledged' });
      },
      (error: unknown) => {
        if (this.sealed) return;
        const { outcome, message } = outcomeOf(error);
        this.records.push({ seq, startedAt, endedAt: this.clock.now(), outcome, error: message });
      },
    );
    this.inFlight.set(seq, { startedAt, done: done.finally(() => this.inFlight.delete(seq)) });
  }

  /**
   * Stops starting operations and waits up to `drainMs` for those in flight; any still
   * pending are recorded as unknown (they were sent, so they may yet apply). Returns the records sorted by seq.
   */
  async stop(drainMs: number): Promise<OpRecord[]> {
    this.running = false;
    await this.loop;
    const deadline = this.clock.now() + drainMs;
    while (this.inFlight.size > 0 && this.clock.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.inFlight.values()].map((op) => op.done)), this.clock.sleep(Math.max(0, deadline - this.clock.now()))]);
    }
    const endedAt = this.clock.now();
    this.sealed = true;
    for (const [seq, op] of this.inFlight) this.records.push({ seq, startedAt: op.startedAt, endedAt, outcome: 'unknown', error: 'still in flight when the test ended' });
    this.inFlight.clear();
    return [...this.records].sort((a, b) => a.seq - b.seq);
  }
}
