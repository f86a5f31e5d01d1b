import type { Producer } from '@platformatic/kafka';
import '../../phases/04-streaming/kafka/node20.js';
import { kafkaPageReader, readSeqs, recordValue, type KafkaTarget } from '../../phases/04-streaming/kafka/failover-client.js';
import type { Clock } from '../../src/core/clock.js';
import { OpFailure } from '../../src/failover/ops.js';
import type { OpClient } from '../../src/failover/rate-driver.js';

/**
 * A producer as an application runs one: idempotent, acks=all, and the library's retries on
 * (a leader that moved away during a broker's restart answers NOT_LEADER_OR_FOLLOWER and the
 * record is sent again to the new leader, deduplicated by its sequence number). A record that
 * still fails after the retries is what "the producer failed" means for a rolling restart.
 * A few producers in turn: an idempotent producer has one request in flight at a time.
 */
export class AppProducer implements OpClient {
  readonly name: string;
  private producers: Array<Producer<string, string, string, string>> = [];

  constructor(
    private readonly target: KafkaTarget,
    private readonly topic: string,
    private readonly run: string,
    private readonly clock: Clock,
    private readonly pool = 4,
  ) {
    this.name = `application producer (acks=all, idempotent, retries) to ${topic}`;
  }

  async prepare(): Promise<void> {
    const { Producer, stringSerializers } = await import('@platformatic/kafka');
    this.producers = Array.from({ length: this.pool }, (_, index) => new Producer({
      clientId: `rolling-test-${index}`,
      bootstrapBrokers: this.target.bootstrap,
      tls: this.target.tls,
      serializers: stringSerializers,
      acks: -1,
      idempotent: true,
      retries: 20,
      retryDelay: 250,
      metadataMaxAge: 1_000,
      connectTimeout: 2_000,
      requestTimeout: 5_000,
    }));
  }

  async attempt(seq: number): Promise<void> {
    try {
      await this.producers[seq % this.producers.length]!.send({ messages: [{ topic: this.topic, partition: 0, key: 'rolling', value: recordValue(this.run, seq) }] });
    } catch (error) {
      throw new OpFailure((error as Error).message, 'unknown');
    }
  }

  readBack(): Promise<number[]> {
    return readSeqs(kafkaPageReader(this.target, this.topic), this.run, this.clock);
  }

  async close(): Promise<void> {
    await Promise.all(this.producers.map((producer) => producer.close(true).catch(() => undefined)));
  }
}
