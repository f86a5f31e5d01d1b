import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KAFKA_CONFIG_DIR, KAFKA_TIMING, kafkaBootstrap, kafkaNodeId, kafkaServerContext, kafkaVoters, newKafkaClusterId } from '../../../phases/04-streaming/kafka/config.js';
import { propertyValue } from '../../../phases/04-streaming/kafka/properties.js';
import { Topology } from '../../../src/config/topology.js';
import { programLayout } from '../../../src/engine/resources/index.js';
import { Templates } from '../../../src/engine/templates.js';
import { labInventory } from '../../config/lab-inventory.js';
import { javaAvailable, kafkaLibs, runJava } from './kafka-jars.js';
import { testPem } from './pem.js';

const templates = new Templates();
const topology = new Topology(labInventory());

function serverProperties(host: string): string {
  const placed = topology.on('kafka', host);
  return templates.render('kafka/server.properties.hbs', kafkaServerContext(topology, placed, '/data/kafka', testPem()));
}

/** Reads a .properties text the way java.util.Properties does, for the keys these files use. */
function properties(text: string): Map<string, string> {
  const joined = text.replace(/\\\n[ \t]*/g, '');
  const map = new Map<string, string>();
  for (const line of joined.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const at = line.indexOf('=');
    map.set(line.slice(0, at), line.slice(at + 1).replace(/\\n/g, '\n').replace(/\\\\/g, '\\'));
  }
  return map;
}

describe('Kafka server.properties', () => {
  it('makes every control-plane host broker and controller of one static quorum, in inventory order', () => {
    expect(topology.members('kafka').map((member) => member.host)).toEqual(['vm1', 'vm2', 'vm3']);
    expect(['vm1', 'vm2', 'vm3'].map((host) => kafkaNodeId(topology, host))).toEqual([1, 2, 3]);
    expect(kafkaVoters(topology)).toBe('1@198.18.1.11:19093,2@198.18.1.12:19093,3@198.18.1.13:19093');
    expect(kafkaBootstrap(topology)).toEqual(['198.18.1.11:9092', '198.18.1.12:9092', '198.18.1.13:9092']);
    const props = properties(serverProperties('vm2'));
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('node.id')).toBe('2');
    expect(props.get('controller.quorum.voters')).toBe(kafkaVoters(topology));
  });

  it('listens on the application address only, TLS with client certificates on every listener', () => {
    const props = properties(serverProperties('vm1'));
    expect(props.get('listeners')).toBe('CLIENT://198.18.1.11:9092,CONTROLLER://198.18.1.11:19093');
    expect(props.get('advertised.listeners')).toBe('CLIENT://198.18.1.11:9092');
    expect(props.get('listener.security.protocol.map')).toBe('CLIENT:SSL,CONTROLLER:SSL');
    expect(props.get('inter.broker.listener.name')).toBe('CLIENT');
    expect(props.get('ssl.client.auth')).toBe('required');
    expect(props.get('ssl.keystore.type')).toBe('PEM');
    const pem = testPem();
    expect(props.get('ssl.keystore.key')).toBe(pem.key.trimEnd());
    expect(props.get('ssl.keystore.certificate.chain')).toBe(pem.certificate.trimEnd());
    expect(props.get('ssl.truststore.certificates')).toBe(pem.ca.trimEnd());
    expect(serverProperties('vm1')).not.toMatch(/0\.0\.0\.0/);
  });

  it('keeps three copies, two in sync for acks=all, no unclean election, no auto-created topics, data under /data/kafka', () => {
    const props = properties(serverProperties('vm3'));
    expect(Object.fromEntries(['default.replication.factor', 'min.insync.replicas', 'unclean.leader.election.enable', 'auto.create.topics.enable', 'log.dirs', 'offsets.topic.replication.factor', 'transaction.state.log.min.isr'].map((key) => [key, props.get(key)]))).toEqual({
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'false',
      'auto.create.topics.enable': 'false',
      'log.dirs': '/data/kafka',
      'offsets.topic.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
    });
  });

  it('uses the fast-failover KRaft timings', () => {
    const props = properties(serverProperties('vm1'));
    expect(props.get('controller.quorum.fetch.timeout.ms')).toBe(String(KAFKA_TIMING.fetchTimeoutMs));
    expect(props.get('controller.quorum.election.timeout.ms')).toBe('1000');
    expect(props.get('controller.quorum.election.backoff.max.ms')).toBe('500');
    expect(props.get('broker.heartbeat.interval.ms')).toBe('500');
    expect(props.get('broker.session.timeout.ms')).toBe('2000');
    // Shorter than the session timeout after a controller change: the leader drops a dead follower itself.
    expect(props.get('replica.lag.time.max.ms')).toBe('3000');
  });

  it('the probe reads server.properties where the layout puts it', () => {
    const layout = programLayout(topology.on('kafka', 'vm1'), { platform: { osFamily: 'debian' } });
    expect(layout.configDir).toBe(KAFKA_CONFIG_DIR);
    expect(layout.dataDir).toBe('/data/kafka');
  });
});

describe('property values and cluster ids', () => {
  it('writes multi-line values as escaped line breaks continued on the next line', () => {
    expect(propertyValue('a\\b\nc\n')).toBe('a\\\\b\\n\\\n  c');
    expect(properties(`k=${propertyValue('line one\nline two\n')}\n`).get('k')).toBe('line one\nline two');
  });

  it('makes cluster ids as Kafka does: 22 URL-safe base64 characters, never starting with "-"', () => {
    const id = newKafkaClusterId();
    expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    let calls = 0;
    const dashFirst = (size: number) => (calls++ === 0 ? Buffer.from([0xfb, ...Array(size - 1).fill(0)]) : Buffer.alloc(size, 1));
    expect(newKafkaClusterId(dashFirst)).toBe(Buffer.alloc(16, 1).toString('base64url'));
    expect(calls).toBe(2);
  });
});

const KAFKA_CONFIG_CHECK = `
import java.io.FileReader;
import java.util.Properties;
import kafka.server.KafkaConfig;

public class KafkaConfigCheck {
  public static void main(String[] args) throws Exception {
    for (String path : args) {
      Properties props = new Properties();
      try (FileReader reader = new FileReader(path)) { props.load(reader); }
      KafkaConfig config = KafkaConfig.fromProps(props, true);
      System.out.println("node " + config.nodeId() + " roles " + config.processRoles() + " minIsr " + config.minInSyncReplicas()
          + " rf " + config.defaultReplicationFactor() + " unclean " + config.uncleanLeaderElectionEnable() + " keystore " + config.values().get("ssl.keystore.type"));
    }
  }
}
`;

const libs = javaAvailable ? kafkaLibs() : undefined;

describe.skipIf(libs === undefined)("Kafka's own parser (kafka.server.KafkaConfig.fromProps)", () => {
  it('accepts the rendered server.properties of every node', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-props-'));
    const paths = ['vm1', 'vm2', 'vm3'].map((host) => {
      const path = join(dir, `${host}.properties`);
      writeFileSync(path, serverProperties(host));
      return path;
    });
    const run = runJava(libs!, KAFKA_CONFIG_CHECK, 'KafkaConfigCheck', paths);
    expect(run.code, run.output).toBe(0);
    for (const node of [1, 2, 3]) expect(run.output).toContain(`node ${node} roles Set(broker, controller) minIsr 2 rf 3 unclean false keystore PEM`);
  }, 120_000);
});
