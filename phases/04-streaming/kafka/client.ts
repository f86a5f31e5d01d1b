import type { BaseOptions } from '@platformatic/kafka';
import './node20.js';

/** Loaded on first use: `status` imports this module through the registry and never talks to Kafka. */
const kafka = () => import('@platformatic/kafka');

/** A client's TLS identity: a certificate from the cluster CA (the brokers require one) and the CA to verify them. */
export interface KafkaClientTls {
  ca: string;
  cert: string;
  key: string;
}

export interface KafkaClientTarget {
  bootstrap: string[];
  tls: KafkaClientTls;
  /** Bound of one request (and of a connect). */
  timeoutMs: number;
}

/**
 * Options of every @platformatic/kafka client the tool makes: TLS verified against the cluster
 * CA (brokers advertise their application address, which their certificates carry), bounded.
 */
export function kafkaClientOptions(clientId: string, target: KafkaClientTarget): BaseOptions {
  return {
    clientId,
    bootstrapBrokers: target.bootstrap,
    tls: { ca: target.tls.ca, cert: target.tls.cert, key: target.tls.key },
    connectTimeout: Math.min(target.timeoutMs, 5_000),
    requestTimeout: target.timeoutMs,
    timeout: target.timeoutMs,
    retries: 2,
    retryDelay: 250,
  };
}

/** Creates the topic (replicated as the cluster's defaults say) unless it exists. */
export async function ensureTopic(target: KafkaClientTarget, topic: string, partitions = 1): Promise<void> {
  const { Admin } = await kafka();
  const admin = new Admin(kafkaClientOptions('datalyptica-admin', target));
  try {
    const existing = await admin.listTopics();
    // -1: the brokers' default.replication.factor (3), so this never hard-codes a copy count.
    if (!existing.includes(topic)) await admin.createTopics({ topics: [topic], partitions, replicas: -1 });
  } finally {
    await admin.close();
  }
}

export interface RoundTrip {
  partition: number;
  offset: bigint;
  /** The value read back at that offset, or undefined when nothing came within the bound. */
  readBack: string | undefined;
}

/** Produces `value` with acks=all (idempotent), then reads its partition back from that offset. */
export async function produceAndReadBack(target: KafkaClientTarget, topic: string, value: string, readTimeoutMs: number): Promise<RoundTrip> {
  const { Producer, stringSerializers } = await kafka();
  const producer = new Producer({ ...kafkaClientOptions('datalyptica-gate', target), serializers: stringSerializers, acks: -1, idempotent: true });
  let written;
  try {
    const result = await producer.send({ messages: [{ topic, key: 'gate', value }] });
    written = result.offsets?.[0];
  } finally {
    await producer.close();
  }
  if (!written) throw new Error(`the produce to ${topic} returned no offset`);
  return { partition: written.partition, offset: written.offset, readBack: await readAt(target, topic, written.partition, written.offset, readTimeoutMs) };
}

/**
 * The value at one offset, fetched from the partition's leader without joining a consumer
 * group (a new group waits group.initial.rebalance.delay.ms, 3 s, before its first
 * assignment): a read-back costs one metadata and one fetch request.
 */
export async function readAt(target: KafkaClientTarget, topic: string, partition: number, offset: bigint, timeoutMs: number): Promise<string | undefined> {
  const { Consumer, stringDeserializers } = await kafka();
  const consumer = new Consumer({ ...kafkaClientOptions('datalyptica-gate', target), groupId: 'datalyptica-gate', deserializers: stringDeserializers });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const metadata = await consumer.metadata({ topics: [topic], forceUpdate: true });
      const described = metadata.topics.get(topic);
      const leader = described?.partitions[partition]?.leader;
      if (described && leader !== undefined && leader >= 0) {
        const fetched = await consumer.fetch({
          node: leader,
          maxWaitTime: 500,
          topics: [{ topicId: described.id, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: offset, lastFetchedEpoch: -1, partitionMaxBytes: 1_048_576 }] }],
        });
        for (const batch of fetched.responses.flatMap((response) => response.partitions).flatMap((answer) => answer.records ?? [])) {
          const record = batch.records.find((candidate) => batch.firstOffset + BigInt(candidate.offsetDelta) === offset);
          if (record) return record.value?.toString('utf8') ?? '';
        }
      }
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await consumer.close(true);
  }
}
