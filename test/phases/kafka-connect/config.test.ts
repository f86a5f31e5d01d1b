import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECT_HEALTH } from '../../../phases/04-streaming/kafka-connect/health.js';
import { connectContext, connectFilePlugin, connectRestUrl, connectTlsPaths } from '../../../phases/04-streaming/kafka-connect/config.js';
import { Topology } from '../../../src/config/topology.js';
import type { ProbeTarget } from '../../../src/health/types.js';
import { programLayout } from '../../../src/engine/resources/index.js';
import { Templates } from '../../../src/engine/templates.js';
import { labInventory } from '../../config/lab-inventory.js';
import { javaAvailable, kafkaLibs, runJava } from '../kafka/kafka-jars.js';
import { testPem } from '../kafka/pem.js';

const templates = new Templates();
const topology = new Topology(labInventory());
const placed = topology.on('kafka-connect', 'vm5');
const tlsPaths = connectTlsPaths('/etc/datalyptica/kafka-connect');
const STORE_PASSWORD = 'testStorePassword0123456789abcdef';
const rendered = () => templates.render('kafka-connect/connect-distributed.properties.hbs', connectContext(topology, placed, testPem(), { paths: tlsPaths, password: STORE_PASSWORD }));

function properties(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.replace(/\\\n[ \t]*/g, '').split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    map.set(line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).replace(/\\n/g, '\n'));
  }
  return map;
}

describe('Kafka Connect worker properties', () => {
  it('runs distributed with its internal topics replicated three times, in the cluster group', () => {
    const props = properties(rendered());
    expect(props.get('bootstrap.servers')).toBe('198.18.1.11:9092,198.18.1.12:9092,198.18.1.13:9092');
    expect(props.get('group.id')).toBe('lab-connect');
    for (const topic of ['config', 'offset', 'status']) expect(props.get(`${topic}.storage.replication.factor`)).toBe('3');
    expect(props.get('config.storage.topic')).toBe('_connect-configs');
  });

  it('serves REST on the application address and finds connect-file in its plugin directory', () => {
    const props = properties(rendered());
    expect(props.get('listeners')).toBe('https://198.18.1.22:8083');
    expect(props.get('rest.advertised.listener')).toBe('https');
    expect(props.get('rest.advertised.host.name')).toBe('198.18.1.22');
    expect(connectRestUrl(topology, 'vm5')).toBe('https://198.18.1.22:8083');
    expect(props.get('plugin.path')).toBe('/opt/datalyptica/kafka-connect-plugins');
    const layout = programLayout(placed, { platform: { osFamily: 'debian' } });
    expect(connectFilePlugin(layout)).toEqual({ jar: '/opt/datalyptica/kafka-3.9.0/libs/connect-file-3.9.0.jar', link: '/opt/datalyptica/kafka-connect-plugins/connect-file/connect-file-3.9.0.jar' });
    expect(layout).toMatchObject({ unit: 'kafka-connect.service', user: 'kafka-connect', dataDir: '/data/kafka-connect', configDir: '/etc/datalyptica/kafka-connect' });
  });

  it('talks TLS to the brokers with a client certificate: the worker and every client its connectors make', () => {
    const props = properties(rendered());
    const pem = testPem();
    for (const prefix of ['', 'producer.', 'consumer.', 'admin.']) {
      expect(props.get(`${prefix}security.protocol`)).toBe('SSL');
      expect(props.get(`${prefix}ssl.keystore.type`)).toBe('PEM');
      expect(props.get(`${prefix}ssl.keystore.key`)).toBe(pem.key.trimEnd());
      expect(props.get(`${prefix}ssl.truststore.certificates`)).toBe(pem.ca.trimEnd());
    }
  });
});

describe('Kafka Connect REST listener TLS', () => {
  it('serves HTTPS from PKCS12 stores built on the host and requires a client certificate', () => {
    const props = properties(rendered());
    expect(tlsPaths).toEqual({
      dir: '/etc/datalyptica/kafka-connect/tls',
      pem: '/etc/datalyptica/kafka-connect/tls/rest.pem',
      ca: '/etc/datalyptica/kafka-connect/tls/ca.crt',
      password: '/etc/datalyptica/kafka-connect/tls/store.password',
      keystore: '/etc/datalyptica/kafka-connect/tls/rest-keystore.p12',
      truststore: '/etc/datalyptica/kafka-connect/tls/rest-truststore.p12',
    });
    expect(props.get('listeners.https.ssl.keystore.type')).toBe('PKCS12');
    expect(props.get('listeners.https.ssl.keystore.location')).toBe(tlsPaths.keystore);
    expect(props.get('listeners.https.ssl.keystore.password')).toBe(STORE_PASSWORD);
    expect(props.get('listeners.https.ssl.truststore.type')).toBe('PKCS12');
    expect(props.get('listeners.https.ssl.truststore.location')).toBe(tlsPaths.truststore);
    expect(props.get('listeners.https.ssl.truststore.password')).toBe(STORE_PASSWORD);
    expect(props.get('listeners.https.ssl.client.auth')).toBe('required');
  });
});

describe('Kafka Connect health probe (its REST API)', () => {
  const target = { host: { addresses: { application: '198.18.1.22' } }, placed } as unknown as ProbeTarget;
  const parse = (stdout: string, code = 0) => CONNECT_HEALTH.check!.parse({ code, stdout }, target);
  const SEP = '\n--datalyptica-next--\n';

  it('asks the worker on its application address over HTTPS, with the host certificate as its client certificate', () => {
    const command = CONNECT_HEALTH.check!.command(target);
    expect(command).toContain('--cacert /etc/datalyptica/kafka-connect/tls/ca.crt --cert /etc/datalyptica/kafka-connect/tls/rest.pem');
    expect(command).toContain("https://198.18.1.22:8083/ 'https://198.18.1.22:8083/connectors?expand=status'");
  });

  it('a worker that answers and runs its connectors is ok; a FAILED task is degraded; no answer is down', () => {
    const root = '{"version":"3.9.0","commit":"84caaa6e9da06435","kafka_cluster_id":"HlNfj0gPqJ4Nn05cX_69fA"}';
    expect(parse(`${root}${SEP}{}${SEP}`)).toEqual({ health: 'ok', facts: ['version 3.9.0', 'Kafka cluster HlNfj0gPqJ4Nn05cX_69fA', '0 connectors'], problems: [] });
    const failed = '{"sink":{"status":{"connector":{"state":"RUNNING"},"tasks":[{"id":0,"state":"FAILED"}]}}}';
    expect(parse(`${root}${SEP}${failed}${SEP}`)).toMatchObject({ health: 'degraded', problems: ['connector sink has FAILED'] });
    expect(parse('curl: (7) Failed to connect to 198.18.1.22 port 8083: Connection refused', 7)).toMatchObject({ health: 'down' });
  });
});

const DISTRIBUTED_CONFIG_CHECK = `
import java.io.FileReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;

public class DistributedConfigCheck {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    try (FileReader reader = new FileReader(args[0])) { props.load(reader); }
    Map<String, String> map = new HashMap<>();
    for (String name : props.stringPropertyNames()) map.put(name, props.getProperty(name));
    DistributedConfig config = new DistributedConfig(map);
    System.out.println("group " + config.getString("group.id") + " rf " + config.getShort("config.storage.replication.factor") + " listeners " + config.getList("listeners") + " protocol " + config.getString("security.protocol"));
    // What the REST server's SslContextFactory is given (SSLUtils reads these, all or nothing).
    Map<String, Object> rest = config.valuesWithPrefixAllOrNothing("listeners.https.");
    System.out.println("rest keystore " + rest.get("ssl.keystore.type") + " " + rest.get("ssl.keystore.location") + " truststore " + rest.get("ssl.truststore.type") + " client auth " + rest.get("ssl.client.auth"));
  }
}
`;

const libs = javaAvailable ? kafkaLibs() : undefined;

describe.skipIf(libs === undefined)("Connect's own parser (DistributedConfig)", () => {
  it('accepts the rendered worker properties', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'connect-props-')), 'connect-distributed.properties');
    writeFileSync(path, rendered());
    const run = runJava(libs!, DISTRIBUTED_CONFIG_CHECK, 'DistributedConfigCheck', [path]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('group lab-connect rf 3 listeners [https://198.18.1.22:8083] protocol SSL');
    expect(run.output).toContain('rest keystore PKCS12 /etc/datalyptica/kafka-connect/tls/rest-keystore.p12 truststore PKCS12 client auth required');
  }, 120_000);
});
