import type { ServiceModule } from '../../shared/module.js';
import { kafkaFailover } from './failover.js';
import { kafkaQuorumAndRoundTrip } from './gate.js';
import { KAFKA_HEALTH } from './health.js';
import { JMX_EXPORTER } from './jmx.js';
import { kafkaNode } from './steps.js';

/** Kafka in KRaft combined mode: every node a broker and a controller, TLS with client certificates everywhere. */
export const kafkaModule: ServiceModule = {
  id: 'kafka',
  services: ['kafka'],
  probes: { kafka: KAFKA_HEALTH },
  releases: (topology) => {
    const placed = topology.members('kafka')[0];
    return placed ? [{ component: 'kafka', version: placed.version }, JMX_EXPORTER] : [];
  },
  steps: [kafkaNode],
  // Three JVMs starting together on small hosts take ~20-40 s to elect and register.
  settleMs: 120_000,
  checks: [kafkaQuorumAndRoundTrip],
  usesHostCertificate: true,
  failover: kafkaFailover,
};
