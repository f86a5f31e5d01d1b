import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jvmHeapMiB, pythonWorkers } from '../../src/catalog/heap.js';
import { findService, serviceCpu, serviceMemoryMiB, SPEC_HOST_SIZES, type PlacedService, type SpecHostSize } from '../../src/catalog/index.js';
import type { Phase } from '../../src/engine/phase.js';
import type { Resource } from '../../src/engine/resource.js';
import { command, file, programLayout, programService, type ProgramLayout, type ProgramServiceSpec } from '../../src/engine/resources/index.js';
import { javaRuntime } from '../../src/engine/resources/java-runtime.js';
import { Templates } from '../../src/engine/templates.js';
import { fakeCluster, tasks } from './helpers.js';

const templates = new Templates();
const ctx = { template: (name: string, vars: object) => templates.render(name, vars) };
const LAB_HOST: SpecHostSize = { role: 'control', vcpu: 2, memoryGiB: 4, diskGiB: 20 };
const JAVA_17 = '/usr/lib/jvm/java-17-openjdk-amd64/bin/java';

function placed(id: string, host: SpecHostSize, instance = 0): PlacedService {
  const service = findService(id)!;
  return { service, host: 'vm1', instance, ports: service.ports, memoryMiB: serviceMemoryMiB(service, host), cpu: serviceCpu(service, host), version: service.version, source: [] };
}

const kafkaLayout = (memoryMiB?: number): ProgramLayout => {
  const base = placed('kafka', LAB_HOST);
  return programLayout({ ...base, memoryMiB: memoryMiB ?? base.memoryMiB }, { platform: { osFamily: 'debian' } });
};

function kafkaSpec(layout: ProgramLayout, extra: Partial<ProgramServiceSpec> = {}): ProgramServiceSpec {
  return {
    layout,
    execStart: `${layout.runtime.binary} $KAFKA_HEAP_OPTS -cp '${layout.installDir}/libs/*' kafka.Kafka ${layout.configDir}/server.properties`,
    heapVariable: 'KAFKA_HEAP_OPTS',
    environment: { KAFKA_LOG4J_OPTS: `-Dlog4j.configuration=file:${layout.configDir}/log4j.properties` },
    ...extra,
  };
}

function phaseOf(resources: () => Resource[]): Phase[] {
  return [{ id: 4, title: 'test', hosts: (inventory) => inventory.hosts.map((host) => host.name), steps: [{ name: 'kafka', resources }] }];
}

/** Lines that change the host (the probes' reads left out). */
const mutating = (lines: string[]) => lines.filter((line) => !/^dl_(mark|file|cat|dir|exists|user|unit) /.test(line));

/** One fake host with Java 17 and the unpacked release (what phase 1 and the artifact step leave). */
function provisionedHost(layout: ProgramLayout) {
  const cluster = fakeCluster(['vm1']);
  const host = cluster.host('vm1');
  host.putFile(layout.runtime.binary, 'java', { mode: '0755' });
  host.dirs.set(layout.installDir, { mode: '755', owner: 'root', group: 'root' });
  return { cluster, host };
}

async function install(cluster: ReturnType<typeof fakeCluster>, resources: () => Resource[]) {
  const host = cluster.host('vm1');
  host.executed.length = 0;
  const run = await cluster.install(phaseOf(resources));
  return { ...run, tasks: tasks(run.events), applied: mutating(host.executed) };
}

describe('sizing a program from its placed memory', () => {
  it('JVM heap: the placed memory less max(25%, 256 MiB), at least half, at most 31 GiB', () => {
    const { recommended, minimum } = SPEC_HOST_SIZES;
    const heapOf = (id: string, host: SpecHostSize) => jvmHeapMiB(placed(id, host).memoryMiB);
    expect(heapOf('kafka', recommended.control)).toBe(12288); // 16 GiB placed
    expect(heapOf('kafka', minimum.control)).toBe(6144); // 8 GiB placed
    expect(heapOf('kafka', LAB_HOST)).toBe(256); // the 512 MiB floor: what the lab ran at 410 MiB
    expect(heapOf('trino-worker', recommended.data)).toBe(18432); // 24 GiB placed
    expect(heapOf('trino-worker', minimum.data)).toBe(9216);
    expect(heapOf('trino-worker', { ...LAB_HOST, role: 'data' })).toBe(192); // 384 MiB floor: half
    expect(jvmHeapMiB(48 * 1024)).toBe(31 * 1024);
    for (const memory of [384, 512, 1024, 4096, 16384, 65536]) expect(memory - jvmHeapMiB(memory)).toBeGreaterThanOrEqual(Math.min(256, memory / 2));
  });

  it('Python workers: 2 per CPU + 1, bounded by the memory, at least 1', () => {
    const superset = (host: SpecHostSize) => pythonWorkers(placed('superset', host), 256);
    expect(superset(SPEC_HOST_SIZES.recommended.data)).toBe(5); // 8 GiB, 2 CPU
    expect(superset({ ...LAB_HOST, role: 'data' })).toBe(1); // the 256 MiB floor
    expect(pythonWorkers({ memoryMiB: 1024, cpu: 8 }, 256)).toBe(4);
    expect(pythonWorkers({ memoryMiB: 100, cpu: 0.1 }, 256)).toBe(1);
  });
});

describe('choosing the Java runtime from minJava', () => {
  it('up to 17: the OS package, by OS family and architecture', () => {
    expect(javaRuntime(undefined, { osFamily: 'debian', arch: 'amd64' })).toMatchObject({ feature: 17, home: '/usr/lib/jvm/java-17-openjdk-amd64', binary: JAVA_17, source: 'os-package' });
    expect(javaRuntime(11, { osFamily: 'debian', arch: 'arm64' }).home).toBe('/usr/lib/jvm/java-17-openjdk-arm64');
    expect(javaRuntime(17, { osFamily: 'rhel', arch: 'amd64' }).home).toBe('/usr/lib/jvm/jre-17-openjdk');
  });

  it("newer: datalyptica's own runtime directory, the oldest that is new enough", () => {
    const trino = findService('trino-worker')!;
    expect(javaRuntime(trino.minJava, { osFamily: 'debian', arch: 'amd64' })).toMatchObject({ needs: 23, feature: 25, home: '/opt/datalyptica/runtimes/java-25', source: 'datalyptica' });
    expect(() => javaRuntime(26, { osFamily: 'debian', arch: 'amd64' })).toThrow(/no Java runtime datalyptica installs is 26 or newer/);
  });

  it('layouts: per-service names and paths; Python services get a venv; native ones are refused', () => {
    expect(kafkaLayout()).toMatchObject({
      name: 'kafka',
      unit: 'kafka.service',
      user: 'kafka',
      installDir: '/opt/datalyptica/kafka-3.9.0',
      configDir: '/etc/datalyptica/kafka',
      dataDir: '/data/kafka',
      logDir: '/var/log/datalyptica/kafka',
      runtime: { kind: 'java', binary: JAVA_17 },
    });
    expect(programLayout(placed('spark-worker', SPEC_HOST_SIZES.recommended.data, 1), { platform: { osFamily: 'debian' } })).toMatchObject({ unit: 'spark-worker-1.service', user: 'spark-worker', dataDir: '/data/spark-1' });
    expect(programLayout(placed('mlflow', LAB_HOST), { platform: { osFamily: 'debian' } }).runtime).toEqual({ kind: 'python', home: '/opt/datalyptica/mlflow-2.19.0/venv', binary: '/opt/datalyptica/mlflow-2.19.0/venv/bin/python' });
    expect(() => programLayout(placed('etcd', LAB_HOST), { platform: { osFamily: 'debian' } })).toThrow(/not a JVM or Python service/);
  });
});

describe('programService on a host', () => {
  it('first run creates everything and starts the service once; a second run changes nothing', async () => {
    const layout = kafkaLayout();
    const { cluster, host } = provisionedHost(layout);
    const resources = () => programService(ctx, kafkaSpec(layout, { config: [file({ path: `${layout.configDir}/server.properties`, content: 'node.id=1\n', group: 'kafka', mode: '0640' })] }));

    const first = await install(cluster, resources);
    expect(first.summary.ok).toBe(true);
    expect(first.tasks.map((task) => [task.task, task.status])).toEqual([
      ['prerequisites of kafka.service', 'ok'],
      ['user kafka', 'changed'],
      ['directory /etc/datalyptica/kafka', 'changed'],
      ['directory /data/kafka', 'changed'],
      ['directory /var/log/datalyptica/kafka', 'changed'],
      ['file /etc/datalyptica/kafka/server.properties', 'changed'],
      ['file /etc/systemd/system/kafka.service', 'changed'],
      ['service kafka.service', 'changed'],
    ]);
    expect(host.users.get('kafka')).toMatchObject({ shell: '/usr/sbin/nologin' });
    expect(host.dirs.get('/data/kafka')).toEqual({ mode: '750', owner: 'kafka', group: 'kafka' });
    expect(host.dirs.get('/etc/datalyptica/kafka')).toEqual({ mode: '750', owner: 'root', group: 'kafka' });
    expect(host.units.get('kafka.service')).toEqual({ enabled: true, active: true });
    expect(first.applied.filter((line) => line.startsWith('systemctl'))).toEqual(["systemctl 'daemon-reload'", "systemctl 'enable' 'kafka.service'", "systemctl 'start' 'kafka.service'"]);

    const unit = host.fileText('/etc/systemd/system/kafka.service')!;
    expect(unit).toContain('Environment="KAFKA_HEAP_OPTS=-Xms256m -Xmx256m -XX:+ExitOnOutOfMemoryError"');
    expect(unit).toContain('Environment="JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"');
    expect(unit).toMatch(/^MemoryMax=512M$/m);
    expect(unit).toMatch(/^LimitNOFILE=100000$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^User=kafka\nGroup=kafka\nWorkingDirectory=\/opt\/datalyptica\/kafka-3\.9\.0$/m);
    expect(unit).not.toContain('EnvironmentFile=');

    const second = await install(cluster, resources);
    expect(second.tasks.every((task) => task.status === 'ok')).toBe(true);
    expect(second.applied).toEqual([]);
  });

  it('a heap change re-renders the unit, reloads systemd and restarts the service once', async () => {
    const before = kafkaLayout(512);
    const { cluster, host } = provisionedHost(before);
    await install(cluster, () => programService(ctx, kafkaSpec(before)));

    const after = await install(cluster, () => programService(ctx, kafkaSpec(kafkaLayout(2048))));
    expect(after.tasks.filter((task) => task.status === 'changed').map((task) => task.task)).toEqual(['file /etc/systemd/system/kafka.service', 'restart kafka.service']);
    expect(after.applied.filter((line) => line.startsWith('systemctl'))).toEqual(["systemctl 'daemon-reload'", "systemctl 'restart' 'kafka.service'"]);
    expect(host.fileText('/etc/systemd/system/kafka.service')).toContain('-Xms1536m -Xmx1536m');
    expect(host.fileText('/etc/systemd/system/kafka.service')).toMatch(/^MemoryMax=2048M$/m);
  });

  it('a changed config file restarts the service once, without a daemon-reload', async () => {
    const layout = kafkaLayout();
    const { cluster } = provisionedHost(layout);
    const withConfig = (content: string) => () => programService(ctx, kafkaSpec(layout, { config: [file({ path: `${layout.configDir}/server.properties`, content })] }));
    await install(cluster, withConfig('node.id=1\n'));
    const after = await install(cluster, withConfig('node.id=2\n'));
    expect(after.applied.filter((line) => line.startsWith('systemctl'))).toEqual(["systemctl 'restart' 'kafka.service'"]);
  });

  it('a missing Java stops the install before the unit exists, naming the path and the fix', async () => {
    const layout = kafkaLayout();
    const cluster = fakeCluster(['vm1']);
    cluster.host('vm1').dirs.set(layout.installDir, { mode: '755', owner: 'root', group: 'root' });
    const run = await install(cluster, () => programService(ctx, kafkaSpec(layout)));
    expect(run.summary.ok).toBe(false);
    expect(run.tasks[0]).toMatchObject({ task: 'prerequisites of kafka.service', status: 'failed', detail: `vm1: kafka.service cannot start: Java 17 is not at ${JAVA_17}` });
    expect(run.summary.phases[0]!.failedHosts[0]!.hint).toContain('datalyptica install --phase 1');
    expect(run.tasks.slice(1).every((task) => task.status === 'skipped')).toBe(true);
    expect(cluster.host('vm1').files.has('/etc/systemd/system/kafka.service')).toBe(false);
  });

  it('a runtime that an earlier task of the same step installs is found when it is applied', async () => {
    const trino = programLayout(placed('trino-worker', { ...LAB_HOST, role: 'data' }), { platform: { osFamily: 'debian' } });
    const cluster = fakeCluster(['vm1']);
    const host = cluster.host('vm1');
    host.dirs.set(trino.installDir, { mode: '755', owner: 'root', group: 'root' });
    host.commands.set('unpack java 25', (_args, fake) => void fake.putFile(trino.runtime.binary, 'java', { mode: '0755' }));
    const run = await install(cluster, () => [
      command({ name: 'java 25', run: 'unpack java 25', creates: trino.runtime.binary }),
      ...programService(ctx, { layout: trino, execStart: `${trino.installDir}/bin/launcher run --etc-dir ${trino.configDir}`, heapVariable: 'JAVA_TOOL_OPTIONS' }),
    ]);
    expect(run.summary.ok).toBe(true);
    expect(run.tasks[1]).toMatchObject({ task: 'prerequisites of trino-worker.service', status: 'changed', detail: expect.stringContaining(`not there yet: Java 23+ (datalyptica's Java 25) (${trino.runtime.binary})`) });
    expect(host.fileText('/etc/systemd/system/trino-worker.service')).toContain('Environment="JAVA_HOME=/opt/datalyptica/runtimes/java-25"');
  });

  it('secrets go to a root-only EnvironmentFile, never into the unit', async () => {
    const layout = kafkaLayout();
    const { cluster, host } = provisionedHost(layout);
    const secret = 'pa$$ "w0rd" %h';
    const run = await install(cluster, () => programService(ctx, kafkaSpec(layout, { secretEnvironment: { KAFKA_SSL_KEYSTORE_PASSWORD: secret } })));
    expect(run.summary.ok).toBe(true);
    const unit = host.fileText('/etc/systemd/system/kafka.service')!;
    expect(unit).not.toContain('w0rd');
    expect(unit).toContain('EnvironmentFile=/etc/datalyptica/kafka/secrets.env');
    expect(host.files.get('/etc/datalyptica/kafka/secrets.env')).toMatchObject({ mode: '600', owner: 'root', group: 'root' });
    expect(host.fileText('/etc/datalyptica/kafka/secrets.env')).toContain('KAFKA_SSL_KEYSTORE_PASSWORD="pa\\$\\$ \\"w0rd\\" %h"');
    expect(run.events.some((event) => JSON.stringify(event).includes('w0rd'))).toBe(false);
  });

  it('refuses a spec that would put a secret in the unit or leave the program unsized', () => {
    const layout = kafkaLayout();
    expect(() => programService(ctx, kafkaSpec(layout, { environment: { S3_SECRET_ACCESS_KEY: 'x' } }))).toThrow(/S3_SECRET_ACCESS_KEY looks like a secret: pass it in secretEnvironment/);
    expect(() => programService(ctx, kafkaSpec(layout, { heapVariable: undefined }))).toThrow(/needs heapVariable/);
    expect(() => programService(ctx, kafkaSpec(layout, { workers: { variable: 'WEB_CONCURRENCY', perWorkerMiB: 256 } }))).toThrow(/workers is for Python services/);
    expect(() => programService(ctx, kafkaSpec(layout, { environment: { JAVA_HOME: '/elsewhere' } }))).toThrow(/JAVA_HOME is set by programService/);
    expect(() => programService(ctx, kafkaSpec(layout, { secretEnvironment: { KEY: 'two\nlines' } }))).toThrow(/the value of KEY has a line break or a NUL byte$/);
    expect(() => programService(ctx, kafkaSpec(layout, { execStart: 'java -jar x.jar' }))).toThrow(/absolute program path/);
  });

  it('Python services: the venv on PATH and a worker count instead of a heap', async () => {
    const layout = programLayout(placed('superset', SPEC_HOST_SIZES.recommended.data), { platform: { osFamily: 'debian' } });
    const [, , , , , unitFile] = programService(ctx, { layout, execStart: `${layout.runtime.home}/bin/gunicorn "superset.app:create_app()"`, workers: { variable: 'WEB_CONCURRENCY', perWorkerMiB: 256 } });
    const { cluster, host } = provisionedHost(layout);
    await install(cluster, () => [unitFile!]);
    const unit = host.fileText('/etc/systemd/system/superset.service')!;
    expect(unit).toContain('Environment="VIRTUAL_ENV=/opt/datalyptica/superset-4.1.1/venv"');
    expect(unit).toContain('Environment="PATH=/opt/datalyptica/superset-4.1.1/venv/bin:');
    expect(unit).toContain('Environment="WEB_CONCURRENCY=5"');
    expect(unit).not.toMatch(/JAVA_HOME|SuccessExitStatus/);
  });
});

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const analyzeMissing = analyze.error || analyze.status !== 0 ? 'systemd-analyze is not installed here' : undefined;

describe('the rendered unit', () => {
  it('passes systemd-analyze verify without a warning', async (test) => {
    if (analyzeMissing) {
      console.log(`skipped systemd-analyze verify: ${analyzeMissing}`);
      test.skip();
    }
    const layout = kafkaLayout();
    const { cluster, host } = provisionedHost(layout);
    await install(cluster, () =>
      programService(ctx, kafkaSpec(layout, { environment: { KAFKA_OPTS: '-Dname="a b" -Dpercent=100%' }, secretEnvironment: { KAFKA_SSL_KEY_PASSWORD: 'x' } })),
    );
    // verify checks that ExecStart's program exists on this machine: point it at one that does.
    const unit = host.fileText('/etc/systemd/system/kafka.service')!.replace(layout.runtime.binary, process.execPath);
    const dir = mkdtempSync(join(tmpdir(), 'dl-unit-'));
    writeFileSync(join(dir, 'kafka.service'), unit);
    const result = spawnSync('systemd-analyze', ['verify', join(dir, 'kafka.service')], { encoding: 'utf8' });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
