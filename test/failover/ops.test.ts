import { describe, expect, it } from 'vitest';
import { countOutcomes, OpFailure, outcomeOf, recoveryMs, steadyFor, verifyWrites } from '../../src/failover/ops.js';
import type { OpRecord } from '../../src/failover/types.js';

const op = (seq: number, outcome: OpRecord['outcome'], startedAt = seq * 100, endedAt = startedAt + 10): OpRecord => ({ seq, outcome, startedAt, endedAt });

describe('verifyWrites', () => {
  it('passes when every acknowledged write is present and unknown ones may or may not be', () => {
    const records = [op(1, 'acknowledged'), op(2, 'unknown'), op(3, 'unknown'), op(4, 'acknowledged')];
    expect(verifyWrites(records, [1, 2, 4])).toEqual({ lost: [], phantom: [] });
  });

  it('reports an acknowledged write that is missing as lost', () => {
    const records = [op(1, 'acknowledged'), op(2, 'acknowledged'), op(3, 'acknowledged')];
    expect(verifyWrites(records, [1, 3]).lost).toEqual([2]);
  });

  it('reports a failed write that appears, and a sequence number never sent, as phantom', () => {
    const records = [op(1, 'acknowledged'), op(2, 'failed')];
    expect(verifyWrites(records, [1, 2, 7]).phantom).toEqual([2, 7]);
  });
});

describe('recoveryMs', () => {
  it('is the end of the first acknowledged operation started after the last failure', () => {
    const records = [
      op(1, 'acknowledged', 0, 10),
      // the old leader still served this one: the fault had not bitten yet
      op(2, 'acknowledged', 1_050, 1_060),
      op(3, 'failed', 1_100, 1_150),
      // hung through the outage, started before the last failure: not the recovery
      op(4, 'acknowledged', 1_150, 2_900),
      op(5, 'unknown', 1_200, 3_000),
      op(6, 'acknowledged', 1_300, 2_800),
      op(7, 'acknowledged', 1_400, 2_600),
    ];
    expect(recoveryMs(records, 1_000)).toBe(1_600);
  });

  it('is 0 when no operation after the fault failed, undefined when none succeeded after the last failure', () => {
    expect(recoveryMs([op(1, 'acknowledged', 20, 25)], 10)).toBe(0);
    expect(recoveryMs([op(1, 'acknowledged', 0, 5), op(2, 'failed', 20, 25)], 10)).toBeUndefined();
  });
});

describe('steadyFor and counts', () => {
  it('needs the last N settled operations acknowledged', () => {
    expect(steadyFor([op(1, 'failed'), op(2, 'acknowledged'), op(3, 'acknowledged')], 2)).toBe(true);
    expect(steadyFor([op(1, 'acknowledged'), op(2, 'failed'), op(3, 'acknowledged')], 2)).toBe(false);
    expect(steadyFor([op(1, 'acknowledged')], 2)).toBe(false);
  });

  it('counts outcomes', () => {
    expect(countOutcomes([op(1, 'acknowledged'), op(2, 'failed'), op(3, 'unknown'), op(4, 'unknown')])).toEqual({ acknowledged: 1, failed: 1, unknown: 2 });
  });

  it('treats an unclassified error as unknown: the safe assumption for a write', () => {
    expect(outcomeOf(new Error('socket hang up'))).toEqual({ outcome: 'unknown', message: 'socket hang up' });
    expect(outcomeOf(new OpFailure('refused', 'failed')).outcome).toBe('failed');
  });
});
