import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { javaAvailable, kafkaLibs, runJava } from '../kafka/kafka-jars.js';
import { CONFIG, registryCluster } from './fake-registry.js';

/**
 * What the registry's KafkaStore does with its properties (7.8.0: every `kafkastore.*` key,
 * prefix stripped, goes to its producer and consumer), then Kafka's own SSL engine factory
 * loading the PEM keystore and truststore those keys name, and a client TLS engine from them.
 */
const STORE_CLIENT_CHECK = `
import java.io.FileReader;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.*;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

public class StoreClientCheck {
  static Map<String, Object> withSerializers(Map<String, Object> props) {
    props.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    props.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    return props;
  }

  public static void main(String[] args) throws Exception {
    Properties raw = new Properties();
    try (FileReader reader = new FileReader(args[0])) { raw.load(reader); }
    Map<String, Object> client = new HashMap<>();
    for (String key : raw.stringPropertyNames()) if (key.startsWith("kafkastore.")) client.put(key.substring("kafkastore.".length()), raw.getProperty(key));
    ProducerConfig config = new ProducerConfig(withSerializers(client));
    DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
    factory.configure(config.values());
    KeyStore keys = factory.keystore();
    String alias = keys.aliases().nextElement();
    X509Certificate mine = (X509Certificate) keys.getCertificate(alias);
    X509Certificate ca = (X509Certificate) factory.truststore().getCertificate(factory.truststore().aliases().nextElement());
    factory.createClientSslEngine("10.0.0.1", 9092, "https");
    // The REST listener's keystore (rest-utils 7.8 parses PEM stores with a copy of this code).
    Map<String, Object> rest = new HashMap<>();
    rest.put("ssl.keystore.type", raw.getProperty("ssl.keystore.type"));
    rest.put("ssl.keystore.location", raw.getProperty("ssl.keystore.location"));
    rest.put("ssl.truststore.type", raw.getProperty("ssl.truststore.type"));
    rest.put("ssl.truststore.location", raw.getProperty("ssl.truststore.location"));
    DefaultSslEngineFactory server = new DefaultSslEngineFactory();
    server.configure(new ProducerConfig(withSerializers(rest)).values());
    server.createServerSslEngine("10.0.0.1", 8085);
    X509Certificate served = (X509Certificate) server.keystore().getCertificate(server.keystore().aliases().nextElement());
    System.out.println("rest " + served.getSubjectX500Principal().getName());
    System.out.println("protocol " + config.getString("security.protocol") + " bootstrap " + config.getList("bootstrap.servers")
        + " client " + mine.getSubjectX500Principal().getName() + " issued by " + mine.getIssuerX500Principal().getName()
        + " trusts " + ca.getSubjectX500Principal().getName() + " key " + keys.getKey(alias, new char[0]).getAlgorithm());
  }
}
`;

const libs = javaAvailable ? kafkaLibs() : undefined;

describe.skipIf(libs === undefined)("the registry's Kafka store client, as Kafka's own classes read it", () => {
  it('loads the rendered PEM keystores (key and certificate in one file: the client one for the brokers, the host one for HTTPS) and the CA', async () => {
    const { cluster, install } = registryCluster();
    await install();
    const vm1 = cluster.host('vm1');
    const dir = mkdtempSync(join(tmpdir(), 'sr-store-'));
    for (const name of ['kafka-client.pem', 'server.pem', 'ca.crt']) writeFileSync(join(dir, name), vm1.fileText(`${CONFIG}/tls/${name}`)!);
    const props = join(dir, 'schema-registry.properties');
    writeFileSync(props, vm1.fileText(`${CONFIG}/schema-registry.properties`)!.replaceAll(`${CONFIG}/tls`, dir));
    const run = runJava(libs!, STORE_CLIENT_CHECK, 'StoreClientCheck', [props]);
    expect(run.code, run.output).toBe(0);
    const brokers = ['vm1', 'vm2', 'vm3'].map((name) => `${cluster.inventory.hosts.find((host) => host.name === name)!.addresses.application}:9092`);
    expect(run.output).toContain('rest CN=vm1,O=Datalyptica');
    expect(run.output).toContain(`protocol SSL bootstrap [${brokers.map((broker) => `SSL://${broker}`).join(', ')}] client CN=schema-registry,O=Datalyptica issued by CN=test cluster CA,O=Datalyptica trusts CN=test cluster CA,O=Datalyptica key EC`);
  }, 120_000);
});
