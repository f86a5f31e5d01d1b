import { posix } from 'node:path';
import { portOf, type Topology } from '../../../src/config/topology.js';
import type { PlacedService } from '../../../src/catalog/types.js';
import type { ProgramLayout } from '../../../src/engine/resources/index.js';
import { kafkaBootstrap, KAFKA_DURABILITY } from '../kafka/config.js';
import { pemProperties, type PemMaterial } from '../kafka/properties.js';

export const CONNECT_UNIT = 'kafka-connect.service';
export const CONNECT_MAIN = 'org.apache.kafka.connect.cli.ConnectDistributed';

/** Where connector plugins live, one directory each; the Kafka release's connect-file is linked in. */
export const CONNECT_PLUGIN_DIR = '/opt/datalyptica/kafka-connect-plugins';

/** The worker's internal topics: every worker of the group shares them. */
export const CONNECT_TOPICS = { config: '_connect-configs', offset: '_connect-offsets', status: '_connect-status' } as const;

/** The worker's own clients and each kind of client its connectors make get the same TLS settings. */
const CLIENT_PREFIXES = ['', 'producer.', 'consumer.', 'admin.'] as const;

/** The password of the REST listener's PKCS12 key and trust stores, from the secrets store. */
export const CONNECT_SECRETS = { storePassword: 'kafka-connect.rest-store-password' } as const;

/**
 * The REST listener's TLS files. Connect's REST server (Jetty 9.4, SSLUtils) loads its key and
 * trust material only through java.security.KeyStore, which knows no PEM type: the host
 * certificate is turned into PKCS12 stores on the host, from a PEM file only root reads.
 */
export interface ConnectTlsPaths {
  dir: string;
  /** The host certificate's key and chain in one file (root only): the stores' source, curl's --cert. */
  pem: string;
  ca: string;
  /** The stores' password (root only), which openssl and keytool read as a file, never from argv. */
  password: string;
  keystore: string;
  truststore: string;
}

export function connectTlsPaths(configDir: string): ConnectTlsPaths {
  const dir = posix.join(configDir, 'tls');
  return {
    dir,
    pem: posix.join(dir, 'rest.pem'),
    ca: posix.join(dir, 'ca.crt'),
    password: posix.join(dir, 'store.password'),
    keystore: posix.join(dir, 'rest-keystore.p12'),
    truststore: posix.join(dir, 'rest-truststore.p12'),
  };
}

export interface ConnectContext {
  version: string;
  host: string;
  groupId: string;
  bootstrap: string;
  topics: typeof CONNECT_TOPICS;
  replicationFactor: number;
  pluginPath: string;
  address: string;
  restPort: number;
  tls: { certificate: string; key: string; ca: string };
  clientPrefixes: readonly string[];
  rest: { keystore: string; truststore: string; password: string };
}

/** connect-distributed.properties of one worker: the group is the cluster's, so every worker of it joins the same one. */
export function connectContext(topology: Topology, placed: PlacedService, pem: PemMaterial, rest: { paths: ConnectTlsPaths; password: string }): ConnectContext {
  return {
    version: placed.version,
    host: placed.host,
    groupId: `${topology.inventory.cluster.name}-connect`,
    bootstrap: kafkaBootstrap(topology).join(','),
    topics: CONNECT_TOPICS,
    replicationFactor: Math.min(KAFKA_DURABILITY.replicationFactor, topology.members('kafka').length),
    pluginPath: CONNECT_PLUGIN_DIR,
    address: topology.appAddress(placed.host),
    restPort: portOf(placed, 'rest'),
    tls: pemProperties(pem),
    clientPrefixes: CLIENT_PREFIXES,
    rest: { keystore: rest.paths.keystore, truststore: rest.paths.truststore, password: rest.password },
  };
}

/** The REST API's base URL on a worker. */
export function connectRestUrl(topology: Topology, host: string): string {
  return `https://${topology.appAddress(host)}:${portOf(topology.on('kafka-connect', host), 'rest')}`;
}

/** connect-file from the release's libs/, as the plugin directory's first plugin. */
export function connectFilePlugin(layout: ProgramLayout): { jar: string; link: string } {
  const jar = `connect-file-${layout.placed.version}.jar`;
  return { jar: posix.join(layout.installDir, 'libs', jar), link: posix.join(CONNECT_PLUGIN_DIR, 'connect-file', jar) };
}

/** The beans Prometheus reads from a worker. */
export const CONNECT_JMX = {
  objectNames: ['kafka.connect:type=connect-worker-metrics', 'kafka.connect:type=connect-worker-rebalance-metrics', 'kafka.connect:type=connector-metrics,connector=*', 'java.lang:type=Memory'],
  rules: [{ pattern: 'kafka.connect<type=connect-worker-metrics><>([a-z-]+)', name: 'kafka_connect_worker_$1' }],
} as const;
