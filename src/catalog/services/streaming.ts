import { HA_GROUPS } from '../ha-groups.js';
import type { ServiceDef } from '../types.js';
import { CONTROL_PLANE, DISTRO_VERSION, gib, on } from './units.js';

/** Phase 4 (Kafka in KRaft mode, Schema Registry, Kafka Connect) and phase 5 (Nessie or the Iceberg JDBC catalog). */
export const STREAMING_SERVICES: ServiceDef[] = [
  {
    id: 'kafka',
    dataDir: '/data/kafka',
    name: 'Kafka broker and KRaft controller',
    component: 'kafka',
    phase: 4,
    ports: [
      { name: 'client', port: 9092 },
      {
        name: 'controller',
        port: 19093,
        note:
          "the spec's 9093 is Alertmanager's on vm3 (REVIEW.md); 9094 is Alertmanager's cluster port and 9095 Loki's gRPC, so 19093",
      },
      { name: 'metrics', port: 9404, note: "the Prometheus JMX exporter's agent in the broker's JVM: status and Prometheus read it over HTTP" },
    ],
    memoryMiB: gib(16),
    minMemoryMiB: 512,
    cpu: 8,
    placement: CONTROL_PLANE,
    haGroup: HA_GROUPS.kafka,
    version: '3.9.0',
    runtime: 'jvm',
    notes: 'Each node is broker and controller (process.roles=broker,controller), as the spec places them.',
  },
  {
    id: 'schema-registry',
    name: 'Schema Registry',
    component: 'schema-registry',
    phase: 4,
    // The spec's 8085 rather than Confluent's default 8081, which is Flink's REST port.
    ports: [{ name: 'http', port: 8085 }],
    memoryMiB: gib(2),
    minMemoryMiB: 256,
    cpu: 1,
    placement: on('vm1', 'vm2'),
    haGroup: HA_GROUPS.schemaRegistry,
    version: '7.8.0',
    runtime: 'jvm',
    notes: 'Its _schemas topic needs replication factor 3 (REVIEW.md).',
  },
  {
    id: 'kafka-connect',
    name: 'Kafka Connect',
    component: 'kafka',
    phase: 4,
    ports: [
      { name: 'rest', port: 8083 },
      { name: 'metrics', port: 9405, note: "the Prometheus JMX exporter's agent in the worker's JVM (9404 is Kafka's: both may share a host)" },
    ],
    memoryMiB: gib(4),
    minMemoryMiB: 384,
    cpu: 2,
    placement: on('vm5'),
    version: '3.9.0',
    runtime: 'jvm',
    notes: 'Distributed mode; its config, offset and status topics need replication factor 3 (REVIEW.md).',
  },
  {
    id: 'nessie',
    name: 'Nessie',
    component: 'nessie',
    phase: 5,
    ports: [
      { name: 'http', port: 19120 },
      {
        name: 'management',
        port: 19121,
        note: "Quarkus's default management port 9000 (health, metrics) is ClickHouse's native port",
      },
    ],
    memoryMiB: gib(4),
    minMemoryMiB: 256,
    cpu: 2,
    placement: CONTROL_PLANE,
    haGroup: HA_GROUPS.nessie,
    version: '0.98.2',
    runtime: 'jvm',
    catalogType: 'nessie',
    notes: 'Stateless over the PostgreSQL version store, so the three run active-active behind HAProxy.',
  },
  {
    id: 'iceberg-catalog',
    name: 'Iceberg JDBC catalog',
    // A database in the phase-3 PostgreSQL, not a program: it follows PostgreSQL's version.
    component: 'postgresql',
    phase: 5,
    ports: [],
    memoryMiB: 0,
    minMemoryMiB: 0,
    cpu: 0,
    placement: CONTROL_PLANE,
    version: DISTRO_VERSION,
    runtime: 'native',
    catalogType: 'jdbc',
    notes: 'Placed only with catalog.type jdbc: each control-plane host checks the catalog through HAProxy.',
  },
];
