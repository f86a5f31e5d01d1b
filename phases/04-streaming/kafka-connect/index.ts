import type { ServiceModule } from '../../shared/module.js';
import { JMX_EXPORTER } from '../kafka/jmx.js';
import { connectCopiesToFile } from './gate.js';
import { CONNECT_HEALTH } from './health.js';
import { connectWorker } from './steps.js';

/** Kafka Connect in distributed mode, its state in Kafka, TLS with a client certificate to the brokers. */
export const kafkaConnectModule: ServiceModule = {
  id: 'kafka-connect',
  services: ['kafka-connect'],
  probes: { 'kafka-connect': CONNECT_HEALTH },
  releases: (topology) => {
    const placed = topology.members('kafka-connect')[0];
    return placed ? [{ component: 'kafka', version: placed.version }, JMX_EXPORTER] : [];
  },
  // openssl builds the REST listener's PKCS12 key store from the host certificate (steps.ts).
  packages: () => ['openssl'],
  steps: [connectWorker],
  // A first start creates the internal topics and joins the group: ~30 s on small hosts.
  settleMs: 120_000,
  checks: [connectCopiesToFile],
  usesHostCertificate: true,
};
