import { MultipleErrors, NetworkError, ResponseError, TimeoutError } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { OpFailure, verifyWrites } from '../../../src/failover/ops.js';
import type { OpRecord } from '../../../src/failover/types.js';
import {
  classifyProduceError,
  KafkaProduceClient,
  readSeqs,
  recordValue,
  rotate,
  seqOfRecord,
  type LogPage,
  type RecordSender,
} from '../../../phases/04-streaming/kafka/failover-client.js';

/** A produce response with one partition error, as the library raises it (Produce is API key 0). */
const answered = (code: number) => new ResponseError(0, 11, { '/responses/0/partitions/0': [code, null] }, {});
const NOT_LEADER_OR_FOLLOWER = 6;
const REQUEST_TIMED_OUT = 7;
const NOT_ENOUGH_REPLICAS = 19;
const NOT_ENOUGH_REPLICAS_AFTER_APPEND = 20;

describe('classifyProduceError', () => {
  it('calls failed what never reached a broker or was refused before the append', () => {
    expect(classifyProduceError(new NetworkError('Connection to 198.18.21.11:9092 failed.'))).toBe('failed');
    expect(classifyProduceError(new TimeoutError('Connection to 198.18.21.11:9092 timed out.'))).toBe('failed');
    expect(classifyProduceError(new MultipleErrors('Cannot connect to any broker.', [new NetworkError('Connection to a:9092 failed.'), new TimeoutError('Connection to b:9092 timed out.')]))).toBe('failed');
    expect(classifyProduceError(answered(NOT_ENOUGH_REPLICAS))).toBe('failed');
  });

  it('calls unknown whatever may have been appended: a leader that moved or timed out while waiting for acks=all, a connection lost after the write', () => {
    expect(classifyProduceError(answered(NOT_LEADER_OR_FOLLOWER))).toBe('unknown');
    expect(classifyProduceError(answered(REQUEST_TIMED_OUT))).toBe('unknown');
    expect(classifyProduceError(answered(NOT_ENOUGH_REPLICAS_AFTER_APPEND))).toBe('unknown');
    expect(classifyProduceError(new NetworkError('Connection closed'))).toBe('unknown');
    expect(classifyProduceError(new TimeoutError('Request timed out'))).toBe('unknown');
    expect(classifyProduceError(new Error('something else'))).toBe('unknown');
  });

  it('calls a chain unknown as soon as one attempt in it may have been written', () => {
    const chain = new MultipleErrors('produce failed 2 times.', [answered(NOT_ENOUGH_REPLICAS), new TimeoutError('Request timed out')]);
    expect(classifyProduceError(chain)).toBe('unknown');
  });
});

describe('records', () => {
  it('carry the run and the sequence number, and other runs are not read as ours', () => {
    expect(seqOfRecord('kafka-kill-1', Buffer.from(recordValue('kafka-kill-1', 42)))).toBe(42);
    expect(seqOfRecord('kafka-kill-1', Buffer.from(recordValue('kafka-kill-10', 42)))).toBeUndefined();
    expect(seqOfRecord('kafka-kill-1', null)).toBeUndefined();
  });

  it('rotate starts a list at another element', () => {
    expect(rotate(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
    expect(rotate([], 2)).toEqual([]);
  });
});

/**
 * A partition in memory and the producer that writes to it. `next` decides what the broker does
 * with each record: append and acknowledge, refuse before appending, append and then answer
 * with an error (the leader lost leadership while waiting for the replicas), or never answer.
 */
type Behaviour = 'ack' | 'refuse' | 'append-then-not-leader' | 'silent' | 'ack-but-drop';

class FakePartition {
  readonly log: string[] = [];
  forgets = 0;
  sends = 0;
  constructor(private readonly next: (seq: number) => Behaviour) {}

  sender(): RecordSender {
    return {
      send: async (record) => {
        this.sends++;
        const behaviour = this.next(Number(record.key));
        if (behaviour === 'silent') return new Promise<void>(() => undefined);
        if (behaviour === 'refuse') throw answered(NOT_ENOUGH_REPLICAS);
        if (behaviour !== 'ack-but-drop') this.log.push(record.value);
        if (behaviour === 'append-then-not-leader') throw answered(NOT_LEADER_OR_FOLLOWER);
      },
      forgetMetadata: () => void this.forgets++,
      close: async () => undefined,
    };
  }

  /** Pages of at most two records, as a leader answers a fetch. */
  async page(offset: bigint): Promise<LogPage> {
    const from = Number(offset);
    const records = this.log.slice(from, from + 2).map((value, i) => ({ offset: BigInt(from + i), value: Buffer.from(value) }));
    return { records, highWatermark: BigInt(this.log.length) };
  }
}

const FAST_READ = { timeoutMs: 2_000, quietMs: 20, retryMs: 5 };

function client(partition: FakePartition, options: { producers?: number; operationTimeoutMs?: number } = {}) {
  return new KafkaProduceClient('test producer', {
    topic: 'datalyptica-failover-1',
    run: 'kafka-stop-1',
    clock: systemClock,
    connect: async () => partition.sender(),
    read: (offset) => partition.page(offset),
    drop: async () => undefined,
    ...options,
  });
}

/** Runs attempts 1..n one after another and records their outcomes as the rate driver does. */
async function run(subject: KafkaProduceClient, n: number): Promise<OpRecord[]> {
  const records: OpRecord[] = [];
  for (let seq = 1; seq <= n; seq++) {
    try {
      await subject.attempt(seq);
      records.push({ seq, startedAt: seq, endedAt: seq, outcome: 'acknowledged' });
    } catch (error) {
      records.push({ seq, startedAt: seq, endedAt: seq, outcome: (error as OpFailure).outcome, error: (error as Error).message });
    }
  }
  return records;
}

describe('KafkaProduceClient', () => {
  it('classifies each operation by what the broker did, and the read-back finds nothing lost or phantom', async () => {
    const behaviours: Behaviour[] = ['ack', 'refuse', 'append-then-not-leader', 'ack', 'silent', 'ack'];
    const partition = new FakePartition((seq) => behaviours[seq - 1]!);
    const subject = client(partition, { operationTimeoutMs: 50 });
    await subject.prepare();
    const records = await run(subject, behaviours.length);
    expect(records.map((r) => r.outcome)).toEqual(['acknowledged', 'failed', 'unknown', 'acknowledged', 'unknown', 'acknowledged']);
    expect(records[4]!.error).toMatch(/no acknowledgement within/);
    // Every failure makes the producer ask for the partition's leader again.
    expect(partition.forgets).toBe(2);
    const present = await readSeqs((offset) => partition.page(offset), 'kafka-stop-1', systemClock, FAST_READ);
    expect(present).toEqual([1, 3, 4, 6]);
    expect(verifyWrites(records, present)).toEqual({ lost: [], phantom: [] });
    await subject.close();
  });

  it('lets the verification catch a broker that acknowledged and lost a record, or refused one it kept', async () => {
    const partition = new FakePartition((seq) => (seq === 2 ? 'ack-but-drop' : 'ack'));
    const records = await run(client(partition), 3);
    partition.log.push(recordValue('kafka-stop-1', 9));
    const present = await readSeqs((offset) => partition.page(offset), 'kafka-stop-1', systemClock, FAST_READ);
    expect(verifyWrites([...records, { seq: 9, startedAt: 9, endedAt: 9, outcome: 'failed' }], present)).toEqual({ lost: [2], phantom: [9] });
  });

  it('never sends more at once than its producers, and fails (never sent) an operation that found none free', async () => {
    const partition = new FakePartition(() => 'silent');
    const subject = client(partition, { producers: 1, operationTimeoutMs: 30 });
    await subject.prepare();
    await expect(subject.attempt(1)).rejects.toMatchObject({ outcome: 'unknown' });
    await expect(subject.attempt(2)).rejects.toMatchObject({ outcome: 'failed', message: expect.stringMatching(/^not sent: all 1 producers/) });
    expect(partition.sends).toBe(1);
  });

  it('hands a producer that answers to the operation waiting for one', async () => {
    let release!: () => void;
    const partition = new FakePartition(() => 'ack');
    const slow: RecordSender = { ...partition.sender(), send: () => new Promise<void>((resolve) => (release = resolve)) };
    let first = true;
    const subject = new KafkaProduceClient('test producer', {
      topic: 't',
      run: 'r',
      clock: systemClock,
      producers: 1,
      connect: async () => (first ? ((first = false), slow) : partition.sender()),
      read: (offset) => partition.page(offset),
      drop: async () => undefined,
    });
    await subject.prepare();
    const one = subject.attempt(1);
    const two = subject.attempt(2);
    setTimeout(() => release(), 20);
    await expect(one).resolves.toBeUndefined();
    // The second operation got the same (only) producer once the first was answered.
    await expect(Promise.race([two.then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 200))])).resolves.toBe('waiting');
    release();
    await expect(two).resolves.toBeUndefined();
  });
});

describe('readSeqs', () => {
  it('reads past an end that moves once more after a new leader caught its high watermark up', async () => {
    const partition = new FakePartition(() => 'ack');
    partition.log.push(recordValue('r', 1), recordValue('other-run', 1), recordValue('r', 2));
    let looks = 0;
    const read = async (offset: bigint) => {
      const page = await partition.page(offset);
      if (page.records.length === 0 && looks++ === 0) partition.log.push(recordValue('r', 3));
      return page;
    };
    await expect(readSeqs(read, 'r', systemClock, FAST_READ)).resolves.toEqual([1, 2, 3]);
  });

  it('retries a failing leader and gives up with its error at the deadline', async () => {
    let calls = 0;
    const flaky = async (offset: bigint): Promise<LogPage> => {
      if (calls++ < 2) throw answered(NOT_LEADER_OR_FOLLOWER);
      return offset === 0n ? { records: [{ offset: 0n, value: Buffer.from(recordValue('r', 7)) }], highWatermark: 1n } : { records: [], highWatermark: 1n };
    };
    await expect(readSeqs(flaky, 'r', systemClock, FAST_READ)).resolves.toEqual([7]);
    const dead = async (): Promise<LogPage> => Promise.reject(new NetworkError('Connection to a:9092 failed.'));
    await expect(readSeqs(dead, 'r', systemClock, { ...FAST_READ, timeoutMs: 50 })).rejects.toThrow(/could not read the test topic to its end within 0.05 s: Connection to a:9092 failed/);
  });
});
