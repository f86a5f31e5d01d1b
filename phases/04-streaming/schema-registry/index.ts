import type { ServiceModule } from '../../shared/module.js';
import { SCHEMA_REGISTRY } from './config.js';
import { schemaRegistryFailover } from './failover.js';
import { schemaRegistryFrontends } from './frontends.js';
import { schemaReadEverywhere } from './gate.js';
import { SCHEMA_REGISTRY_HEALTH } from './health.js';
import { registryNode } from './steps.js';

/** Confluent Schema Registry on two nodes electing a leader through Kafka, behind HAProxy. */
export const schemaRegistryModule: ServiceModule = {
  id: SCHEMA_REGISTRY,
  services: [SCHEMA_REGISTRY],
  probes: { [SCHEMA_REGISTRY]: SCHEMA_REGISTRY_HEALTH },
  releases: (topology) => topology.members(SCHEMA_REGISTRY).slice(0, 1).map((placed) => ({ component: placed.service.component, version: placed.version })),
  steps: [registryNode],
  // The first start reads the store and joins the election; the other node's join triggers one more rebalance.
  settleMs: 90_000,
  checks: [schemaReadEverywhere],
  usesHostCertificate: true,
  // Clients reaching the registry through HAProxy verify the certificate of whichever node answers.
  hostCertificateSans: (topology) => [topology.inventory.vips.haproxy, `lb.${topology.inventory.cluster.domain}`],
  frontends: schemaRegistryFrontends,
  failover: schemaRegistryFailover,
};
