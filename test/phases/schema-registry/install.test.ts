import { describe, expect, it } from 'vitest';
import { CONFIG, HOME, JAVA, properties, registryCluster } from './fake-registry.js';

describe('Schema Registry on fake Debian hosts', () => {
  it('installs vm1 and vm2 from the bundle, configured for TLS to the brokers and leader election', async () => {
    const { cluster, install } = registryCluster();
    const { summary } = await install();
    expect(summary.phases[0]!.failedHosts).toEqual([]);
    expect(summary.ok).toBe(true);
    expect(summary.phases[0]!.hosts).toEqual(['vm1', 'vm2']);

    const vm2 = cluster.host('vm2');
    expect(vm2.fileText(`${HOME}/.datalyptica-artifact`)).toMatch(/^[0-9a-f]{64}\n$/);
    const props = properties(vm2.fileText(`${CONFIG}/schema-registry.properties`)!);
    const [vm1Address, vm2Address, vm3Address] = ['vm1', 'vm2', 'vm3'].map((name) => cluster.inventory.hosts.find((host) => host.name === name)!.addresses.application);
    expect(props).toEqual({
      listeners: `https://${vm2Address}:8085`,
      'host.name': vm2Address!,
      'inter.instance.protocol': 'https',
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': `${CONFIG}/tls/server.pem`,
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': `${CONFIG}/tls/ca.crt`,
      'ssl.client.authentication': 'NONE',
      'schema.registry.group.id': 'schema-registry',
      'leader.eligibility': 'true',
      'kafkagroup.session.timeout.ms': '6000',
      'kafkagroup.heartbeat.interval.ms': '2000',
      'kafkastore.bootstrap.servers': `SSL://${vm1Address}:9092,SSL://${vm2Address}:9092,SSL://${vm3Address}:9092`,
      'kafkastore.security.protocol': 'SSL',
      'kafkastore.ssl.keystore.type': 'PEM',
      'kafkastore.ssl.keystore.location': `${CONFIG}/tls/kafka-client.pem`,
      'kafkastore.ssl.truststore.type': 'PEM',
      'kafkastore.ssl.truststore.location': `${CONFIG}/tls/ca.crt`,
      'kafkastore.ssl.endpoint.identification.algorithm': 'https',
      'kafkastore.topic': '_schemas',
      'kafkastore.topic.replication.factor': '3',
      'schema.compatibility.level': 'backward',
    });
    expect(properties(cluster.host('vm1').fileText(`${CONFIG}/schema-registry.properties`)!)['host.name']).toBe(vm1Address);
    expect(vm2.files.get(`${CONFIG}/schema-registry.properties`)).toMatchObject({ mode: '640', owner: 'root', group: 'schema-registry' });
    expect(vm2.fileText(`${CONFIG}/log4j.properties`)).toContain('log4j.appender.election.File=/var/log/datalyptica/schema-registry/leader-election.log');
  });

  it('keeps each key and its certificate in one 0600 PEM file: the host certificate for HTTPS, its own client certificate for Kafka', async () => {
    const { cluster, install } = registryCluster();
    await install();
    const vm1 = cluster.host('vm1');
    for (const name of ['server.pem', 'kafka-client.pem']) {
      const text = vm1.fileText(`${CONFIG}/tls/${name}`)!;
      expect(text).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
      expect(vm1.files.get(`${CONFIG}/tls/${name}`)).toMatchObject({ mode: '600', owner: 'schema-registry' });
    }
    expect(vm1.dirs.get(`${CONFIG}/tls`)).toMatchObject({ mode: '700', owner: 'schema-registry' });
    expect(vm1.fileText(`${CONFIG}/tls/server.pem`)).not.toBe(vm1.fileText(`${CONFIG}/tls/kafka-client.pem`));
  });

  it('runs the JVM directly: the archive’s jar directories, SchemaRegistryMain and the properties, heap from the placement', async () => {
    const { cluster, install } = registryCluster();
    await install();
    const unit = cluster.host('vm1').fileText('/etc/systemd/system/schema-registry.service')!;
    const execStart = /^ExecStart=(.*)$/m.exec(unit)![1]!;
    expect(execStart).toBe(
      `${JAVA} $SCHEMA_REGISTRY_HEAP_OPTS $SCHEMA_REGISTRY_JVM_OPTS -cp '${HOME}/share/java/confluent-common/*:${HOME}/share/java/rest-utils/*:${HOME}/share/java/schema-registry/*' ` +
        `io.confluent.kafka.schemaregistry.rest.SchemaRegistryMain ${CONFIG}/schema-registry.properties`,
    );
    expect(unit).not.toMatch(/bin\/[a-z-]+\.sh/);
    expect(unit).toMatch(/^Environment="SCHEMA_REGISTRY_HEAP_OPTS=-Xms\d+m -Xmx\d+m -XX:\+ExitOnOutOfMemoryError"$/m);
    expect(unit).toContain(`-Dlog4j.configuration=file:${CONFIG}/log4j.properties`);
    expect(unit).toMatch(/^User=schema-registry$/m);
    expect(cluster.host('vm1').units.get('schema-registry.service')).toEqual({ enabled: true, active: true });
  });

  it('changes nothing and pushes nothing on a second run', async () => {
    const { cluster, install } = registryCluster();
    await install();
    cluster.host('vm1').executed.length = 0;
    const again = await install();
    expect(again.summary.phases[0]).toMatchObject({ changed: 0, failed: 0 });
    expect(cluster.host('vm1').executed.some((line) => line.startsWith('dl_extract') || line.includes('restart'))).toBe(false);
  });
});
