import type { Phase } from '../../src/engine/phase.js';
import { modulePhase } from '../shared/phase.js';
import { kafkaModule } from './kafka/index.js';
import { kafkaConnectModule } from './kafka-connect/index.js';
import { schemaRegistryModule } from './schema-registry/index.js';

/** The spec's phase 4: Kafka in KRaft mode on the control plane, Kafka Connect on vm5, Schema Registry on vm1-vm2. */
export const streaming: Phase = modulePhase({
  id: 4,
  title: 'Streaming: Kafka (KRaft), Kafka Connect, Schema Registry',
  gateName: 'Kafka quorum and produce/consume, Connect FileStreamSink, Schema Registry',
  modules: [kafkaModule, kafkaConnectModule, schemaRegistryModule],
});
