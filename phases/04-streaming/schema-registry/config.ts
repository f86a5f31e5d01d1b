import { posix } from 'node:path';
import { portOf, type Topology } from '../../../src/config/topology.js';
import type { ProgramLayout } from '../../../src/engine/resources/index.js';

export const SCHEMA_REGISTRY = 'schema-registry';
export const SCHEMA_REGISTRY_UNIT = 'schema-registry.service';
/** The HAProxy port (catalog: haproxy's `schema-registry`) clients reach the registry through. */
export const HAPROXY_PORT_NAME = 'schema-registry';

/**
 * The jar directories of Confluent's community archive that SchemaRegistryMain needs: the list
 * bin/schema-registry-run-class builds, less the directories only the enterprise archive ships
 * (confluent-security, confluent-telemetry, schema-registry-plugins).
 */
export const CLASSPATH_DIRS = ['share/java/confluent-common', 'share/java/rest-utils', 'share/java/schema-registry'] as const;

export const MAIN_CLASS = 'io.confluent.kafka.schemaregistry.rest.SchemaRegistryMain';

/** The Kafka group the registries elect their leader in, and the topic that stores the schemas. */
export const STORE = { groupId: 'schema-registry', topic: '_schemas', replicationFactor: 3 } as const;

/** The compatibility every subject gets unless it sets its own: consumers on the new schema read old data. */
export const COMPATIBILITY = 'backward';

/**
 * Timing. Reads are served by every registry from its own copy of `_schemas`; writes go to the
 * leader (a follower forwards them). Killing the leader:
 * - HAProxy stops sending to it after two failed checks at `fastinter`: ~1.25 s, so the
 *   registry answers through HAProxy within ~2 s (the spec's target: 5 s).
 * - Writes need a new leader: the Kafka group coordinator expires the dead member after the
 *   session timeout, then the survivor is elected in one rebalance. 6 s is the lowest a broker
 *   accepts by default (group.min.session.timeout.ms), so writes resume after ~7 s; a clean stop
 *   leaves the group at once and a new leader is elected within ~1 s.
 * - Heartbeats every third of the session timeout, Kafka's usual ratio.
 */
export const REGISTRY_TIMING = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 2_000 } as const;


/** Files of one registry, inside its programService layout. */
export function registryPaths(layout: ProgramLayout) {
  const tlsDir = posix.join(layout.configDir, 'tls');
  return {
    properties: posix.join(layout.configDir, 'schema-registry.properties'),
    log4j: posix.join(layout.configDir, 'log4j.properties'),
    tlsDir,
    caFile: posix.join(tlsDir, 'ca.crt'),
    /** The host certificate's key and chain in one PEM file (rest-utils' ssl.keystore.type=PEM). */
    serverPem: posix.join(tlsDir, 'server.pem'),
    /** The `schema-registry` client certificate's key and chain, for the brokers' mTLS listener. */
    kafkaClientPem: posix.join(tlsDir, 'kafka-client.pem'),
    /** Only the leader election's lines: the status probe reads who leads from the last of them. */
    electionLog: posix.join(layout.logDir, 'leader-election.log'),
  };
}

export type RegistryPaths = ReturnType<typeof registryPaths>;

export interface SchemaRegistryContext {
  listener: string;
  hostName: string;
  port: number;
  groupId: string;
  bootstrapServers: string;
  topic: string;
  replicationFactor: number;
  compatibility: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  tls: { serverPem: string; kafkaClientPem: string; caFile: string };
}

/** The brokers' mTLS client listener on every Kafka host, as a Kafka bootstrap list. */
export function kafkaBootstrap(topology: Topology): string {
  return topology
    .members('kafka')
    .map((member) => `SSL://${topology.appAddress(member.host)}:${portOf(member, 'client')}`)
    .join(',');
}

/**
 * schema-registry.properties for one node. Decisions:
 * - The REST listener is HTTPS on the application address with the host certificate; clients
 *   need no certificate (ssl.client.authentication NONE): they are the platform's producers and
 *   consumers, which verify the registry against the cluster CA.
 * - host.name is the application address: followers forward writes to the leader by it, over
 *   HTTPS, verifying the leader's certificate (which carries its addresses) against the CA.
 * - The store is `_schemas` on the brokers' client listener over TLS with the `schema-registry`
 *   client certificate; the registry caps its replication factor at the live brokers when it
 *   creates the topic, so 3 is what the spec's three brokers get.
 * - Both nodes are leader-eligible: the Kafka group protocol elects one, the other follows.
 */
export function schemaRegistryContext(topology: Topology, host: string, paths: RegistryPaths): SchemaRegistryContext {
  const address = topology.appAddress(host);
  const port = portOf(topology.on(SCHEMA_REGISTRY, host), 'http');
  return {
    listener: `https://${address}:${port}`,
    hostName: address,
    port,
    groupId: STORE.groupId,
    bootstrapServers: kafkaBootstrap(topology),
    topic: STORE.topic,
    replicationFactor: STORE.replicationFactor,
    compatibility: COMPATIBILITY,
    sessionTimeoutMs: REGISTRY_TIMING.sessionTimeoutMs,
    heartbeatIntervalMs: REGISTRY_TIMING.heartbeatIntervalMs,
    tls: { serverPem: paths.serverPem, kafkaClientPem: paths.kafkaClientPem, caFile: paths.caFile },
  };
}
