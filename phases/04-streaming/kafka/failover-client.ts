import type { Admin, Connection, Producer } from '@platformatic/kafka';
import './node20.js';
import type { Clock } from '../../../src/core/clock.js';
import { OpFailure } from '../../../src/failover/ops.js';
import type { OpClient } from '../../../src/failover/rate-driver.js';

/**
 * failover-test's Kafka client, on @platformatic/kafka (pure JavaScript, maintained; the
 * Confluent client needs librdkafka binaries from GitHub, and kafkajs has had no release since
 * 2023). The library is loaded on first use: `status` imports this module through the
 * registry and never talks to Kafka.
 */
const kafka = () => import('@platformatic/kafka');

export interface KafkaTarget {
  /** `address:port` of every broker's client listener. */
  bootstrap: string[];
  /** The cluster CA, and the failover-test client certificate the brokers require (mTLS). */
  tls: { ca: string; cert: string; key: string };
}

/**
 * The client's bounds. A connection to a host that was powered off gets no reset, only silence:
 * a request on it is given up after requestTimeout, and the next operation asks another broker.
 * The broker's own wait for the in-sync replicas (produceTimeout) is shorter, so a live leader
 * that cannot reach min.insync.replicas answers REQUEST_TIMED_OUT before the client gives up.
 */
export const KAFKA_CLIENT_TIMING = {
  connectTimeoutMs: 2_000,
  requestTimeoutMs: 3_000,
  produceTimeoutMs: 2_000,
  /**
   * Metadata is asked for again after any failed operation, and otherwise this seldom: each
   * refresh asks the first bootstrap broker that answers, and a dead first one costs a connect timeout.
   */
  metadataMaxAgeMs: 5_000,
  /** An operation with no answer by then is unknown (it may still be written); the library's own bounds end it sooner. */
  operationTimeoutMs: 10_000,
  /** How long an operation waits for a free producer (as a producer's send blocks on a full buffer) before it is failed, never sent. */
  queueTimeoutMs: 1_000,
} as const;

/** Connection options of every client and raw connection of the test. */
function connectionOptions(target: KafkaTarget) {
  return {
    tls: { ca: target.tls.ca, cert: target.tls.cert, key: target.tls.key },
    connectTimeout: KAFKA_CLIENT_TIMING.connectTimeoutMs,
    requestTimeout: KAFKA_CLIENT_TIMING.requestTimeoutMs,
  };
}

function clientOptions(target: KafkaTarget, clientId: string) {
  return { ...connectionOptions(target), clientId, bootstrapBrokers: target.bootstrap, metadataMaxAge: KAFKA_CLIENT_TIMING.metadataMaxAgeMs, timeout: KAFKA_CLIENT_TIMING.produceTimeoutMs };
}

/** A record's value: the run it belongs to and its sequence number. */
export function recordValue(run: string, seq: number): string {
  return `${run}/${seq}`;
}

export function seqOfRecord(run: string, value: Buffer | null | undefined): number | undefined {
  const text = value?.toString('utf8');
  if (!text?.startsWith(`${run}/`)) return undefined;
  const seq = Number(text.slice(run.length + 1));
  return Number.isInteger(seq) ? seq : undefined;
}

/**
 * Broker answers that mean nothing was appended: too few in-sync replicas to accept the batch
 * (checked before the append), a sequence or producer id the leader rejects, no authority; and
 * answers of the requests that precede a produce (metadata, producer id). Not here: anything a
 * leader can answer after it appended while it waited for the in-sync replicas (acks=all):
 * REQUEST_TIMED_OUT, NOT_ENOUGH_REPLICAS_AFTER_APPEND, and NOT_LEADER_OR_FOLLOWER or
 * UNKNOWN_TOPIC_OR_PARTITION when leadership moved during that wait: the new leader may have the record.
 */
const REFUSED_BEFORE_APPEND = new Set([
  'NOT_ENOUGH_REPLICAS',
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
  'LEADER_NOT_AVAILABLE',
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
]);

/** The library's errors raised while a connection is being made: nothing was written on it. */
const NOT_CONNECTED = /^(Connection to \S+ (failed|timed out)\.|Connection closed while waiting for ready\.|TLS handshake failed)/;

/** Every single error inside an error: the library nests one per attempt and per partition (AggregateError). */
function leafErrors(error: unknown): unknown[] {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.flatMap(leafErrors);
  return [error];
}

function refusedBeforeWrite(error: unknown): boolean {
  const { apiId, message } = error as { apiId?: unknown; message?: unknown };
  if (typeof apiId === 'string') return REFUSED_BEFORE_APPEND.has(apiId);
  return typeof message === 'string' && NOT_CONNECTED.test(message);
}

/**
 * failed when every error in the chain says the record was not written (no connection, or the
 * broker refused it before appending); unknown otherwise: a request timed out or its connection
 * closed after it may have been sent, or the leader appended and then could not replicate in time.
 */
export function classifyProduceError(error: unknown): 'failed' | 'unknown' {
  return leafErrors(error).every(refusedBeforeWrite) ? 'failed' : 'unknown';
}

export function errorText(error: unknown): string {
  const leaves = leafErrors(error).map((leaf) => {
    const { apiId, message } = leaf as { apiId?: unknown; message?: unknown };
    return typeof apiId === 'string' ? apiId : String(message ?? leaf);
  });
  return [...new Set(leaves)].join('; ');
}

/** What the produce client needs of a producer (a fake in unit tests). */
export interface RecordSender {
  /** Resolves once the record is acknowledged (acks=all); rejects with the library's error. */
  send(record: { topic: string; partition: number; key: string; value: string }): Promise<void>;
  /** After a failure: the next send asks a broker where the partition's leader is now. */
  forgetMetadata(): void;
  close(): Promise<void>;
}

/** One page of a partition's log from its leader. */
export interface LogPage {
  records: Array<{ offset: bigint; value: Buffer | null }>;
  highWatermark: bigint;
}

/** Reads a partition from an offset (a fake log in unit tests). */
export type PageReader = (offset: bigint) => Promise<LogPage>;

/** How long the read-back may take, and how long the end must stay put before it counts as the end. */
export const READ_BACK = { timeoutMs: 60_000, quietMs: 1_000, retryMs: 500 } as const;

/**
 * The sequence numbers of `run` in a partition, read from offset 0 to the high watermark. A
 * leader elected a moment ago may not have moved its high watermark up to what the old one
 * had committed yet, so the end is taken only when a second look, `quietMs` later, finds
 * nothing more. Errors (a leader moving) are retried until the deadline.
 */
export async function readSeqs(read: PageReader, run: string, clock: Clock, bounds: { timeoutMs: number; quietMs: number; retryMs: number } = READ_BACK): Promise<number[]> {
  const deadline = clock.now() + bounds.timeoutMs;
  const seqs: number[] = [];
  let next = 0n;
  let lastError: unknown;
  let endSeenAt: number | undefined;
  while (clock.now() < deadline) {
    let page: LogPage;
    try {
      page = await read(next);
    } catch (error) {
      lastError = error;
      await clock.sleep(bounds.retryMs);
      continue;
    }
    for (const record of page.records) {
      if (record.offset < next) continue;
      const seq = seqOfRecord(run, record.value);
      if (seq !== undefined) seqs.push(seq);
      next = record.offset + 1n;
    }
    if (page.records.length > 0 || next < page.highWatermark) {
      endSeenAt = undefined;
      // A page that ends inside a batch of skipped offsets (none here: no transactions, no compaction) must not stall.
      if (page.records.length === 0) next = page.highWatermark;
      continue;
    }
    if (endSeenAt === undefined) endSeenAt = clock.now();
    else if (clock.now() - endSeenAt >= bounds.quietMs) return seqs;
    await clock.sleep(Math.min(bounds.quietMs, bounds.retryMs));
  }
  throw new Error(`could not read the test topic to its end within ${bounds.timeoutMs / 1000} s${lastError ? `: ${errorText(lastError)}` : ''}`);
}

/**
 * Producers in the pool, each connected to every broker before the first operation, so a new
 * leader is already a connection away. Enough for 20 operations a second at the ~0.3 s an
 * acknowledgement takes on a busy lab; in an outage an operation that finds them all waiting
 * waits up to queueTimeout for one, then is failed (never sent) instead of piling up behind a dead broker.
 */
export const PRODUCERS = 12;

/**
 * Produces one record per operation, `<run>/<seq>`, to partition 0 of the run's test topic,
 * idempotent with acks=all. The library's own retries are off: each operation is one attempt
 * (the rate driver's next operation is the retry), so its outcome can be told exactly: an
 * attempt that failed before anything was written is failed, one that may have been is unknown.
 * An idempotent producer has one request in flight at a time, so operations are spread over a
 * pool of producers: one stuck on a dead leader does not hold back those that follow it.
 */
export class KafkaProduceClient implements OpClient {
  private readonly idle: RecordSender[] = [];
  private readonly all = new Set<RecordSender>();
  /** Producers being made: counted against the cap before they exist. */
  private opening = 0;
  private made = 0;
  /** Operations waiting for a producer, first come first served. */
  private readonly waiting: Array<(sender: RecordSender) => void> = [];

  constructor(
    readonly name: string,
    private readonly options: {
      topic: string;
      run: string;
      clock: Clock;
      /** A new producer; `index` counts the producers made. */
      connect(index: number): Promise<RecordSender>;
      read: PageReader;
      /** Deletes the run's topic. */
      drop(): Promise<void>;
      operationTimeoutMs?: number;
      producers?: number;
    },
  ) {}

  async prepare(): Promise<void> {
    const senders = await Promise.all(Array.from({ length: this.poolSize }, () => this.newSender()));
    for (const sender of senders) this.release(sender);
  }

  async attempt(seq: number): Promise<void> {
    const { topic, run, clock } = this.options;
    const sender = this.idle.pop() ?? (this.all.size + this.opening < this.poolSize ? await this.newSender() : await this.freeSender());
    if (!sender) throw new OpFailure(`not sent: all ${this.all.size} producers were waiting for an answer for ${KAFKA_CLIENT_TIMING.queueTimeoutMs} ms`, 'failed');
    const bound = this.options.operationTimeoutMs ?? KAFKA_CLIENT_TIMING.operationTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const unanswered = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), bound)));
    const started = clock.now();
    const sent = sender.send({ topic, partition: 0, key: String(seq), value: recordValue(run, seq) });
    // Never cancelled: past the bound the record is only no longer waited for; the producer is free again once it has an answer.
    sent.then(
      () => this.release(sender),
      () => {
        sender.forgetMetadata();
        this.release(sender);
      },
    );
    try {
      const outcome = await Promise.race([sent, unanswered]);
      if (outcome === 'timeout') throw new OpFailure(`no acknowledgement within ${Math.round(clock.now() - started)} ms`, 'unknown');
    } catch (error) {
      if (error instanceof OpFailure) throw error;
      throw new OpFailure(errorText(error), classifyProduceError(error));
    } finally {
      clearTimeout(timer);
    }
  }

  readBack(): Promise<number[]> {
    return readSeqs(this.options.read, this.options.run, this.options.clock);
  }

  async cleanup(): Promise<void> {
    await this.options.drop();
  }

  async close(): Promise<void> {
    const senders = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(senders.map((sender) => sender.close()));
  }

  private get poolSize(): number {
    return this.options.producers ?? PRODUCERS;
  }

  private async newSender(): Promise<RecordSender> {
    this.opening++;
    try {
      const sender = await this.options.connect(this.made++);
      this.all.add(sender);
      return sender;
    } finally {
      this.opening--;
    }
  }

  /** The next producer released within queueTimeout, or undefined. */
  private freeSender(): Promise<RecordSender | undefined> {
    return new Promise((resolve) => {
      const take = (sender: RecordSender) => {
        clearTimeout(timer);
        resolve(sender);
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        resolve(undefined);
      }, KAFKA_CLIENT_TIMING.queueTimeoutMs);
      this.waiting.push(take);
    });
  }

  /** To the operation waiting longest, or back to the idle producers; dropped once the client is closed. */
  private release(sender: RecordSender): void {
    if (!this.all.has(sender)) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter(sender);
    else this.idle.push(sender);
  }
}

/** The library's idempotent producer as a RecordSender: acks=all, no retries of its own, metadata refreshed after a failure. */
export async function kafkaRecordSender(target: KafkaTarget, clientId: string, index: number): Promise<RecordSender> {
  const { Producer, ProduceAcks, stringSerializers } = await kafka();
  const producer: Producer<string, string, string, string> = new Producer({
    ...clientOptions(target, clientId),
    // The producers start their bootstrap list at different brokers: a dead one slows a third of them, not all.
    bootstrapBrokers: rotate(target.bootstrap, index),
    serializers: stringSerializers,
    idempotent: true,
    acks: ProduceAcks.ALL,
    // `false`, not 0: the library turns a number under 2 into endless retries for an idempotent producer.
    retries: false,
    repeatOnStaleMetadata: false,
  });
  try {
    await producer.connectToBrokers(null);
  } catch (error) {
    await closeQuietly(() => producer.close(true));
    throw error;
  }
  return {
    send: async (record) => {
      await producer.send({ messages: [record] });
    },
    forgetMetadata: () => producer.clearMetadata(),
    // force: a producer still waiting on a dead broker's answer closes all the same.
    close: () => closeQuietly(() => producer.close(true)),
  };
}

export function rotate<T>(list: readonly T[], by: number): T[] {
  const offset = list.length === 0 ? 0 : by % list.length;
  return [...list.slice(offset), ...list.slice(0, offset)];
}

/** close() waits for in-flight requests; one to a dead host is not waited for beyond the request timeout. */
async function closeQuietly(close: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([close().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, KAFKA_CLIENT_TIMING.requestTimeoutMs)))]);
  clearTimeout(timer);
}

/** A raw connection to one broker (the probe asks that very broker, not whichever answers first). */
export async function brokerConnection(target: KafkaTarget, endpoint: { host: string; port: number }, clientId: string): Promise<Connection> {
  const { Connection } = await kafka();
  const connection = new Connection(clientId, connectionOptions(target));
  // A broker that goes away resets the socket: an 'error' event nobody listens to would end the process.
  connection.on('error', () => undefined);
  try {
    await connection.connect(endpoint.host, endpoint.port);
  } catch (error) {
    void connection.close().catch(() => undefined);
    throw error;
  }
  return connection;
}

/** Who leads partition 0 of `topic` in this broker's own metadata (the broker acts on exactly that), -1 for none. */
export async function partitionLeaderSeenBy(connection: Connection, topic: string): Promise<number> {
  const { metadataV12 } = await kafka();
  const answer = await metadataV12.api.async(connection, [topic], false, false);
  return answer.topics.find((t) => t.name === topic)?.partitions.find((p) => p.partitionIndex === 0)?.leaderId ?? -1;
}

/** A link unused this long is closed: nothing the probe opened outlives the test by more. */
const LINK_IDLE_MS = 2_000;

/**
 * One connection per broker for the probe, kept between samples (a TLS handshake with a client
 * certificate every 200 ms would cost a busy broker more than the question), dropped after any
 * error or a call past its bound (the broker may be gone), and closed once idle.
 */
export class BrokerLinks {
  private readonly links = new Map<string, { connection: Promise<Connection>; idle?: NodeJS.Timeout }>();

  constructor(
    private readonly target: KafkaTarget,
    private readonly clientId: string,
  ) {}

  async call<T>(endpoint: { host: string; port: number }, timeoutMs: number, work: (connection: Connection) => Promise<T>): Promise<T> {
    const key = `${endpoint.host}:${endpoint.port}`;
    let link = this.links.get(key);
    if (!link) this.links.set(key, (link = { connection: brokerConnection(this.target, endpoint, this.clientId) }));
    clearTimeout(link.idle);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${key}: no answer within ${timeoutMs} ms`)), timeoutMs)));
    try {
      const answer = await Promise.race([link.connection.then(work), late]);
      link.idle = setTimeout(() => this.drop(key), LINK_IDLE_MS);
      link.idle.unref();
      return answer;
    } catch (error) {
      this.drop(key);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private drop(key: string): void {
    const link = this.links.get(key);
    if (!link) return;
    this.links.delete(key);
    clearTimeout(link.idle);
    link.connection.then((connection) => connection.close()).catch(() => undefined);
  }
}

/** Pages of partition 0 of `topic`, fetched from its current leader (found again after any error). */
export function kafkaPageReader(target: KafkaTarget, topic: string): PageReader {
  return async (offset) => {
    const leader = await withAdmin(target, 'failover-test-read', async (admin) => {
      const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
      const partition = metadata.topics.get(topic)?.partitions[0];
      const broker = partition ? metadata.brokers.get(partition.leader) : undefined;
      if (!partition || !broker) throw new Error(`${topic}: no leader for partition 0`);
      return { topicId: metadata.topics.get(topic)!.id, broker, epoch: partition.leaderEpoch };
    });
    const { fetchV17 } = await kafka();
    const connection = await brokerConnection(target, leader.broker, 'failover-test-read');
    try {
      const partition = { partition: 0, currentLeaderEpoch: leader.epoch, fetchOffset: offset, lastFetchedEpoch: -1, partitionMaxBytes: 4 * 1024 * 1024 };
      // Session id 0, epoch -1: a full fetch with no fetch session left behind on the broker.
      const answer = await fetchV17.api.async(connection, 500, 1, 8 * 1024 * 1024, 0, 0, -1, [{ topicId: leader.topicId, partitions: [partition] }], [], '');
      const data = answer.responses[0]?.partitions.find((p) => p.partitionIndex === 0);
      if (!data) throw new Error(`${topic}: the leader's fetch answer has no partition 0`);
      const records = (data.records ?? []).flatMap((batch) => batch.records.map((record) => ({ offset: batch.firstOffset + BigInt(record.offsetDelta), value: record.value })));
      return { records, highWatermark: data.highWatermark };
    } finally {
      void connection.close().catch(() => undefined);
    }
  };
}

/** An admin client for one task, always closed after it (a client left open would keep the process alive). */
export async function withAdmin<T>(target: KafkaTarget, clientId: string, work: (admin: Admin) => Promise<T>): Promise<T> {
  const { Admin } = await kafka();
  const admin = new Admin({ ...clientOptions(target, clientId), retries: 3, retryDelay: 250 });
  try {
    return await work(admin);
  } finally {
    await closeQuietly(() => admin.close());
  }
}
