import { HA_GROUPS } from '../ha-groups.js';
import type { ServiceDef } from '../types.js';
import { gib, on } from './units.js';

/*
 * Memory on the data plane. The spec's tables sum to ~217 GiB on vm4 and (really) ~297 GiB on
 * vm5, which it calls "~247 GB": vm5 cannot run as written (REVIEW.md "Memory"). The defaults:
 * - one instance per data host of every worker (see each service), so vm4 and vm5 carry the
 *   same worker sizes;
 * - the big processes (Spark worker, Flink TaskManager, Trino, ClickHouse) at 24 GiB instead of
 *   32-48: memory scales with the host (sizing.ts), and a 4 GiB lab host must still hold all
 *   thirteen vm4 services above their floors. That bounds vm4's recommended total to about
 *   165 GiB; the defaults use ~161 GiB (65% of what 256 GiB leaves after the OS), and the rest
 *   is page cache, which ClickHouse and Spark shuffle lean on.
 * Give a bigger host more with `services.<id>.memoryMiB` or a host's `services:` entries.
 */

/** Phase 6 (Spark standalone, Flink session cluster) and phase 7 (Trino, ClickHouse with Keeper). */
export const PROCESSING_SERVICES: ServiceDef[] = [
  {
    id: 'spark-master',
    name: 'Spark master',
    component: 'spark',
    phase: 6,
    ports: [
      { name: 'rpc', port: 7077 },
      { name: 'ui', port: 8090, note: "the spec's 8080 is Trino's on vm4 (REVIEW.md)" },
    ],
    memoryMiB: gib(4),
    minMemoryMiB: 192,
    cpu: 2,
    placement: on('vm4'),
    version: '3.5.4',
    runtime: 'jvm',
  },
  {
    id: 'spark-worker',
    dataDir: '/data/spark',
    name: 'Spark worker',
    component: 'spark',
    phase: 6,
    ports: [
      { name: 'rpc', port: 7078, note: 'fixed (Spark picks a random one) so that firewall rules can name it' },
      { name: 'ui', port: 8091, note: "the spec's 8081 is Flink's REST port on vm4 (REVIEW.md)" },
    ],
    memoryMiB: gib(24),
    minMemoryMiB: 320,
    cpu: 16,
    // The spec runs two workers on vm5; one worker hands out all of a host's executor memory
    // and cores, so one per data host (2 in all, not the spec's 3).
    placement: on('vm4', 'vm5'),
    instancePortStep: 1,
    version: '3.5.4',
    runtime: 'jvm',
  },
  {
    id: 'flink-jobmanager',
    name: 'Flink JobManager',
    component: 'flink',
    phase: 6,
    ports: [
      { name: 'rpc', port: 6123 },
      { name: 'rest', port: 8081 },
      { name: 'blob', port: 6124, note: 'fixed (Flink picks a random one) so that firewall rules can name it' },
    ],
    memoryMiB: gib(8),
    minMemoryMiB: 320,
    cpu: 2,
    placement: on('vm4'),
    version: '1.20.0',
    runtime: 'jvm',
  },
  {
    id: 'flink-taskmanager',
    dataDir: '/data/flink',
    name: 'Flink TaskManager',
    component: 'flink',
    phase: 6,
    // The spec lists no ports; TaskManagers pick random ones unless fixed, and firewalls need them.
    ports: [
      { name: 'data', port: 6121 },
      { name: 'rpc', port: 6122 },
    ],
    memoryMiB: gib(24),
    minMemoryMiB: 384,
    cpu: 12,
    // The spec says 4 TaskManagers in one place and 3 in its tables (REVIEW.md "Counts"); one per
    // data host, with task slots for parallelism. A second one on a host moves by 10 ports.
    placement: on('vm4', 'vm5'),
    instancePortStep: 10,
    version: '1.20.0',
    runtime: 'jvm',
  },
  {
    id: 'trino-coordinator',
    name: 'Trino coordinator',
    component: 'trino',
    phase: 7,
    // Trino keeps the spec's (and its own default) 8080: clients and JDBC URLs expect it.
    ports: [{ name: 'http', port: 8080 }],
    memoryMiB: gib(24),
    minMemoryMiB: 384,
    // Plans and schedules only (node-scheduler.include-coordinator=false), so half the spec's 8.
    cpu: 4,
    placement: on('vm4'),
    version: '469',
    runtime: 'jvm',
    minJava: 23,
    notes: "Trino 469 needs Java 23 or newer, not the spec's OpenJDK 17.",
  },
  {
    id: 'trino-worker',
    name: 'Trino worker',
    component: 'trino',
    phase: 7,
    ports: [{ name: 'http', port: 8084, note: "the spec's 8080 is the coordinator's on vm4 (REVIEW.md)" }],
    memoryMiB: gib(24),
    minMemoryMiB: 384,
    cpu: 8,
    // Trino expects one worker per node (one node id, one spill dir): one per data host, not the
    // spec's two on vm5. No instancePortStep: a second worker on a host is reported.
    placement: on('vm4', 'vm5'),
    version: '469',
    runtime: 'jvm',
    minJava: 23,
    notes: 'Own node id and data directory, so it can share vm4 with the coordinator (REVIEW.md).',
  },
  {
    id: 'clickhouse',
    dataDir: '/data/clickhouse',
    name: 'ClickHouse',
    component: 'clickhouse',
    phase: 7,
    ports: [
      { name: 'http', port: 8123 },
      { name: 'native', port: 9000 },
      { name: 'interserver', port: 9009, note: 'not in the spec: replicas fetch parts over it' },
    ],
    memoryMiB: gib(24),
    minMemoryMiB: 320,
    cpu: 8,
    placement: on('vm4', 'vm5'),
    haGroup: HA_GROUPS.clickhouse,
    version: '24.12.2.59',
    runtime: 'native',
  },
  {
    id: 'clickhouse-keeper',
    dataDir: '/data/clickhouse-keeper',
    name: 'ClickHouse Keeper',
    component: 'clickhouse',
    phase: 7,
    ports: [
      { name: 'client', port: 9181 },
      { name: 'raft', port: 9234, note: 'not in the spec: Keeper members replicate over it' },
    ],
    memoryMiB: gib(1),
    minMemoryMiB: 128,
    cpu: 0.5,
    // The spec's two Keepers tolerate no failure (REVIEW.md "Quorums"): the third runs on vm3.
    placement: on('vm3', 'vm4', 'vm5'),
    haGroup: HA_GROUPS.clickhouseKeeper,
    version: '24.12.2.59',
    runtime: 'native',
  },
];
