import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { OpFailure } from '../../src/failover/ops.js';
import { RateDriver, type OpClient } from '../../src/failover/rate-driver.js';

function client(attempt: (seq: number) => Promise<void>): OpClient {
  return { name: 'fake', attempt, close: async () => undefined };
}

describe('RateDriver', () => {
  it('keeps its rate while earlier operations hang, and records hung ones as unknown when stopped', async () => {
    const driver = new RateDriver(client((seq) => (seq <= 2 ? new Promise(() => undefined) : Promise.resolve())), { rateHz: 200, maxInFlight: 100 }, systemClock);
    driver.start();
    await systemClock.sleep(100);
    const records = await driver.stop(20);
    expect(records.length).toBeGreaterThan(10);
    expect(records.slice(0, 2).map((r) => [r.seq, r.outcome])).toEqual([[1, 'unknown'], [2, 'unknown']]);
    expect(records.slice(2).every((r) => r.outcome === 'acknowledged')).toBe(true);
    expect(new Set(records.map((r) => r.seq)).size).toBe(records.length);
  });

  it('records failed and unknown outcomes as the client classifies them, and never records a straggler twice', async () => {
    let release: () => void = () => undefined;
    const late = new Promise<void>((resolve) => (release = resolve));
    const driver = new RateDriver(
      client(async (seq) => {
        if (seq === 1) return late;
        throw new OpFailure('refused', seq % 2 === 0 ? 'failed' : 'unknown');
      }),
      { rateHz: 200, maxInFlight: 100 },
      systemClock,
    );
    driver.start();
    await systemClock.sleep(30);
    const records = await driver.stop(0);
    release();
    await systemClock.sleep(5);
    expect(records[0]).toMatchObject({ seq: 1, outcome: 'unknown', error: 'still in flight when the test ended' });
    expect(records.find((r) => r.seq === 2)).toMatchObject({ outcome: 'failed', error: 'refused' });
    expect(records.find((r) => r.seq === 3)).toMatchObject({ outcome: 'unknown' });
    expect(driver.records.filter((r) => r.seq === 1)).toHaveLength(1);
  });

  it('does not send past the in-flight limit: those ticks are failed, never sent', async () => {
    const driver = new RateDriver(client(() => new Promise(() => undefined)), { rateHz: 200, maxInFlight: 2 }, systemClock);
    driver.start();
    await systemClock.sleep(40);
    const records = await driver.stop(0);
    expect(records.filter((r) => r.outcome === 'unknown')).toHaveLength(2);
    expect(records.filter((r) => r.outcome === 'failed').every((r) => r.error?.startsWith('not sent'))).toBe(true);
  });
});
