import { randomBytes } from 'node:crypto';
import { portOf, type Topology } from '../../../src/config/topology.js';
import type { PlacedService } from '../../../src/catalog/types.js';
import { pemProperties, type PemMaterial } from './properties.js';

export const KAFKA_UNIT = 'kafka.service';
/** programLayout's config directory of the first Kafka instance on a host: the probe reads server.properties there. */
export const KAFKA_CONFIG_DIR = '/etc/datalyptica/kafka';

/** The name of the id Kafka's storage is formatted with, in the tool's cluster state. */
export const KAFKA_CLUSTER_ID = 'kafka';

/**
 * KRaft timings for fast failover, each a fraction of Kafka's default:
 * - a follower that heard nothing from the active controller for fetch.timeout (1 s, default
 *   2 s) becomes a candidate; a vote not won within election.timeout (1 s) is retried after a
 *   random backoff up to 0.5 s (default 1 s), so a killed controller is replaced in ~1.5-2.5 s.
 *   Followers fetch continuously (the leader holds each fetch at most 0.5 s), so 1 s is two
 *   empty waits: a JVM pause longer than that costs an election, not data;
 * - brokers heartbeat every 0.5 s (default 2 s) and are fenced after 2 s without one (default
 *   9 s): four missed heartbeats, so a busy host is not fenced, and a dead broker's partitions get
 *   new leaders in ~2 s instead of ~9 s; a new active controller starts that clock afresh, so
 *   after a kill of the active controller the fence comes 2 s after the election;
 * - a leader drops a follower that fetched nothing for 3 s from the in-sync set (default 30 s):
 *   until then acks=all writes wait for it. Without this the only way out is the fence, which a
 *   new controller delays; with it the leader shrinks the set itself as soon as a controller
 *   answers its AlterPartition. 3 s is six of the followers' fetch waits (0.5 s), enough that a
 *   JVM pause on a busy host does not drop a live follower.
 */
export const KAFKA_TIMING = {
  fetchTimeoutMs: 1000,
  electionTimeoutMs: 1000,
  electionBackoffMaxMs: 500,
  brokerHeartbeatMs: 500,
  brokerSessionTimeoutMs: 2000,
  replicaLagTimeMaxMs: 3000,
} as const;

/** Durability: three copies, two of them in sync for an acks=all write (one broker may be down). */
export const KAFKA_DURABILITY = { replicationFactor: 3, minInsyncReplicas: 2, partitions: 3 } as const;

/**
 * Node ids 1..n in inventory order: vm1 is node 1. Stable as long as the control plane keeps
 * its hosts, which a KRaft quorum must anyway (the voters are static).
 */
export function kafkaNodeId(topology: Topology, host: string): number {
  const index = topology.members('kafka').findIndex((member) => member.host === host);
  if (index < 0) topology.on('kafka', host);
  return index + 1;
}

/** `host:port` of every broker's client listener: the bootstrap list of every client. */
export function kafkaBootstrap(topology: Topology): string[] {
  return topology.members('kafka').map((member) => `${topology.appAddress(member.host)}:${portOf(member, 'client')}`);
}

/** `id@address:port` of every controller: the static quorum. */
export function kafkaVoters(topology: Topology): string {
  return topology
    .members('kafka')
    .map((member) => `${kafkaNodeId(topology, member.host)}@${topology.appAddress(member.host)}:${portOf(member, 'controller')}`)
    .join(',');
}

export interface KafkaServerContext {
  version: string;
  host: string;
  nodeId: number;
  voters: string;
  address: string;
  clientPort: number;
  controllerPort: number;
  dataDir: string;
  tls: { certificate: string; key: string; ca: string };
  replicationFactor: number;
  minInsyncReplicas: number;
  partitions: number;
  timing: typeof KAFKA_TIMING;
}

/**
 * server.properties of one node. The replication factor is 3 on the spec's three brokers and
 * never more than the brokers there are (an inventory with fewer could create no topic).
 */
export function kafkaServerContext(topology: Topology, placed: PlacedService, dataDir: string, pem: PemMaterial): KafkaServerContext {
  const brokers = topology.members('kafka').length;
  const replicationFactor = Math.min(KAFKA_DURABILITY.replicationFactor, brokers);
  return {
    version: placed.version,
    host: placed.host,
    nodeId: kafkaNodeId(topology, placed.host),
    voters: kafkaVoters(topology),
    address: topology.appAddress(placed.host),
    clientPort: portOf(placed, 'client'),
    controllerPort: portOf(placed, 'controller'),
    dataDir,
    tls: pemProperties(pem),
    replicationFactor,
    minInsyncReplicas: Math.min(KAFKA_DURABILITY.minInsyncReplicas, Math.max(1, replicationFactor - 1)),
    partitions: KAFKA_DURABILITY.partitions,
    timing: KAFKA_TIMING,
  };
}

/**
 * A new cluster id as Kafka makes them (Uuid.randomUuid): 16 random bytes, URL-safe base64
 * without padding; like Kafka, never one starting with '-', which a command line would take
 * for an option.
 */
export function newKafkaClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** The beans `status` and Prometheus read from a node, and the names they get. */
export const KAFKA_JMX = {
  objectNames: [
    'kafka.server:type=raft-metrics',
    'kafka.server:type=ReplicaManager,name=*',
    'kafka.server:type=KafkaServer,name=BrokerState',
    'kafka.controller:type=KafkaController,name=*',
    'kafka.server:type=BrokerTopicMetrics,name=*',
    'java.lang:type=Memory',
  ],
  rules: [
    { pattern: 'kafka.server<type=raft-metrics><>(current-leader|current-epoch|high-watermark|number-unknown-voter-connections)', name: 'kafka_raft_$1' },
    { pattern: 'kafka.server<type=ReplicaManager, name=(UnderReplicatedPartitions|UnderMinIsrPartitionCount|PartitionCount|LeaderCount)><>Value', name: 'kafka_server_$1' },
    { pattern: 'kafka.server<type=KafkaServer, name=BrokerState><>Value', name: 'kafka_server_broker_state' },
    { pattern: 'kafka.controller<type=KafkaController, name=(\\w+)><>Value', name: 'kafka_controller_$1' },
  ],
} as const;
