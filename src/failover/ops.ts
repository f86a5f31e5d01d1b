import type { ClientResult, OpOutcome, OpRecord, VerifyResult } from './types.js';

/**
 * An operation that did not get acknowledged, with what the client can say about it. A client
 * throws `failed` only when the operation certainly did not happen, `unknown` otherwise.
 */
export class OpFailure extends Error {
  constructor(
    message: string,
    readonly outcome: Exclude<OpOutcome, 'acknowledged'>,
  ) {
    super(message);
    this.name = 'OpFailure';
  }
}

/** Anything not classified by the client is treated as unknown: the safe assumption for a write. */
export function outcomeOf(error: unknown): { outcome: Exclude<OpOutcome, 'acknowledged'>; message: string } {
  if (error instanceof OpFailure) return { outcome: error.outcome, message: error.message };
  return { outcome: 'unknown', message: error instanceof Error ? error.message : String(error) };
}

export function countOutcomes(records: readonly OpRecord[]): ClientResult['ops'] {
  const counts = { acknowledged: 0, failed: 0, unknown: 0 };
  for (const record of records) counts[record.outcome]++;
  return counts;
}

/**
 * How long clients were without service: from the fault to the end of the first acknowledged
 * operation that started after the last operation that was not acknowledged. A fault takes a
 * while to bite (a clean stop first finishes its work), so "the first success after the
 * fault" alone would often be an operation the old leader served; and operations run
 * concurrently, so one that hung through the whole outage does not hide a later failure.
 * 0 when no operation started after the fault failed; undefined when none succeeded after the last failure.
 */
export function recoveryMs(records: readonly OpRecord[], faultAt: number): number | undefined {
  const after = records.filter((record) => record.startedAt >= faultAt);
  const bad = after.filter((record) => record.outcome !== 'acknowledged');
  if (bad.length === 0) return after.length > 0 ? 0 : undefined;
  const lastBad = Math.max(...bad.map((record) => record.startedAt));
  let first: number | undefined;
  for (const record of after) {
    if (record.outcome !== 'acknowledged' || record.startedAt <= lastBad) continue;
    if (first === undefined || record.endedAt < first) first = record.endedAt;
  }
  return first === undefined ? undefined : Math.max(0, first - faultAt);
}

/** Whether an operation started at or after `since` was not acknowledged: the fault has bitten this client. */
export function failedSince(records: readonly OpRecord[], since: number): boolean {
  return records.some((record) => record.startedAt >= since && record.outcome !== 'acknowledged');
}

/** Whether the client has had `count` acknowledged operations in a row, most recent last. */
export function steadyFor(records: readonly OpRecord[], count: number): boolean {
  const settled = [...records].sort((a, b) => a.endedAt - b.endedAt);
  if (settled.length < count) return false;
  return settled.slice(-count).every((record) => record.outcome === 'acknowledged');
}

/**
 * Compares what the client recorded with what the service holds afterwards: every
 * acknowledged write must be there, and nothing may be there that was not acknowledged or
 * unknown (a failed write that appears, or a sequence number never sent).
 */
export function verifyWrites(records: readonly OpRecord[], present: Iterable<number>): VerifyResult {
  const found = new Set(present);
  const allowed = new Set<number>();
  const lost: number[] = [];
  for (const record of records) {
    if (record.outcome === 'failed') continue;
    allowed.add(record.seq);
    if (record.outcome === 'acknowledged' && !found.has(record.seq)) lost.push(record.seq);
  }
  const phantom = [...found].filter((seq) => !allowed.has(seq));
  return { lost: lost.sort((a, b) => a - b), phantom: phantom.sort((a, b) => a - b) };
}
