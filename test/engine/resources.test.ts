import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactCache } from '../../src/engine/artifact-cache.js';
import type { Phase } from '../../src/engine/phase.js';
import type { Resource } from '../../src/engine/resource.js';
import { artifact, command, directory, file, group, limits, packages, service, sysctl, systemdUnit, user } from '../../src/engine/resources/index.js';
import { fakeCluster, tasks } from './helpers.js';

function phaseOf(resources: () => Resource[]): Phase[] {
  return [{ id: 1, title: 'test', hosts: (inventory) => inventory.hosts.map((host) => host.name), steps: [{ name: 'step', resources }] }];
}

/** Mutating lines (anything but probes) the fake host executed. */
function applied(lines: string[]): string[] {
  return lines.filter((line) => !/^dl_(mark|file|cat|dir|exists|test|line|pkg|sysctl|user|group|unit) /.test(line));
}

async function converge(setup: (host: ReturnType<ReturnType<typeof fakeCluster>['host']>) => void, resources: () => Resource[]) {
  const cluster = fakeCluster(['vm1']);
  const host = cluster.host('vm1');
  setup(host);
  const first = await cluster.install(phaseOf(resources));
  const firstApplied = applied(host.executed);
  host.executed.length = 0;
  const second = await cluster.install(phaseOf(resources));
  return { host, first: tasks(first.events), firstApplied, second: tasks(second.events), secondApplied: applied(host.executed), summary: first.summary };
}

describe('resources: drifted -> change, apply, verify; converged -> nothing applied', () => {
  it('file: writes atomically through a staged upload, keeps the previous version, then is a no-op', async () => {
    const run = await converge(
      (host) => host.putFile('/etc/app.conf', 'old\n'),
      () => [file({ path: '/etc/app.conf', content: 'new\n', mode: '0640', owner: 'root', group: 'app' })],
    );
    expect(run.first.map((task) => task.status)).toEqual(['changed']);
    expect(run.first[0]!.detail).toContain('content');
    expect(run.host.fileText('/etc/app.conf')).toBe('new\n');
    expect(run.host.files.get('/etc/app.conf')).toMatchObject({ mode: '640', group: 'app' });
    expect(run.host.fileText('/etc/app.conf.datalyptica-prev')).toBe('old\n');
    expect(run.firstApplied.some((line) => line.startsWith('dl_install_file'))).toBe(true);
    expect(run.second.map((task) => task.status)).toEqual(['ok']);
    expect(run.secondApplied).toEqual([]);
  });

  it('file: only the mode differs -> attributes fixed without rewriting', async () => {
    const run = await converge((host) => host.putFile('/etc/a', 'x', { mode: '0644' }), () => [file({ path: '/etc/a', content: 'x', mode: '0600' })]);
    expect(run.first[0]!.detail).toBe('mode 644 -> 600');
    expect(run.firstApplied.every((line) => !line.startsWith('dl_install_file'))).toBe(true);
    expect(run.second[0]!.status).toBe('ok');
  });

  it('directory', async () => {
    const run = await converge(() => undefined, () => [directory({ path: '/var/lib/app', owner: 'app', group: 'app', mode: '0750' })]);
    expect(run.first[0]).toMatchObject({ status: 'changed', detail: 'create' });
    expect(run.host.dirs.get('/var/lib/app')).toEqual({ mode: '750', owner: 'app', group: 'app' });
    expect(run.second[0]!.status).toBe('ok');
    expect(run.secondApplied).toEqual([]);
  });

  it('packages: one install command for every missing package, version pins honoured', async () => {
    const run = await converge(
      (host) => {
        host.installed.set('curl', '8.5.0-2ubuntu10');
        for (const [name, version] of [['curl', '8.5.0-2ubuntu10'], ['chrony', '4.5-1'], ['postgresql-17', '17.2-1.pgdg24.04+1']]) host.available.set(name!, version!);
      },
      () => [packages(['curl', 'chrony', { name: 'postgresql-17', version: '17.2' }])],
    );
    expect(run.first[0]!.detail).toBe('install chrony, postgresql-17=17.2');
    expect(run.firstApplied).toEqual(["dl_pkg_install 'apt' 'chrony' 'postgresql-17=17.2*'"]);
    expect(run.second[0]!.status).toBe('ok');
  });

  it('packages: dnf pins use name-version*, per-manager names pick the dnf one', async () => {
    const run = await converge(
      (host) => {
        host.packageManager = 'dnf';
        host.available.set('chrony', '4.5-1.el9');
        host.available.set('java-17-openjdk-headless', '17.0.13-1.el9');
      },
      () => [packages([{ name: 'chrony', version: '4.5' }, { apt: 'openjdk-17-jre-headless', dnf: 'java-17-openjdk-headless' }])],
    );
    expect(run.firstApplied).toEqual(["dl_pkg_install 'dnf' 'chrony-4.5*' 'java-17-openjdk-headless'"]);
    expect(run.second[0]!.status).toBe('ok');
  });

  it('sysctl: persisted and applied; a read-only key already high enough is ok, one too low is a warning', async () => {
    const run = await converge(
      (host) => {
        host.sysctls.set('vm.swappiness', { value: '60', writable: true });
        host.sysctls.set('vm.max_map_count', { value: '1048576', writable: false });
        host.sysctls.set('net.core.somaxconn', { value: '128', writable: false });
      },
      () => [sysctl({ name: 'base', values: { 'vm.swappiness': 1, 'vm.max_map_count': { atLeast: 262144 }, 'net.core.somaxconn': 4096 } })],
    );
    expect(run.first[0]!.status).toBe('warning');
    expect(run.first[0]!.detail).toContain('container host must set net.core.somaxconn=4096');
    expect(run.host.sysctls.get('vm.swappiness')!.value).toBe('1');
    expect(run.host.fileText('/etc/sysctl.d/60-datalyptica-base.conf')).toContain('vm.max_map_count = 262144');
    expect(run.second[0]!.status).toBe('warning');
    expect(run.secondApplied).toEqual([]);
    expect(run.summary.ok).toBe(true);
  });

  it('limits', async () => {
    const run = await converge(() => undefined, () => [limits({ name: 'kafka', entries: [{ domain: 'kafka', type: '-', item: 'nofile', value: 100000 }] })]);
    expect(run.first[0]).toMatchObject({ task: 'limits kafka', status: 'changed' });
    expect(run.host.fileText('/etc/security/limits.d/60-datalyptica-kafka.conf')).toContain('kafka - nofile 100000');
    expect(run.second[0]!.status).toBe('ok');
  });

  it('user and group', async () => {
    const run = await converge(
      (host) => host.groups.add('ssl-cert'),
      () => [group({ name: 'kafka' }), user({ name: 'kafka', home: '/var/lib/kafka', groups: ['ssl-cert'] })],
    );
    expect(run.first.map((task) => task.status)).toEqual(['changed', 'changed']);
    expect(run.host.users.get('kafka')).toMatchObject({ home: '/var/lib/kafka', shell: '/usr/sbin/nologin', groups: ['ssl-cert'] });
    expect(run.second.map((task) => task.status)).toEqual(['ok', 'ok']);
    expect(run.secondApplied).toEqual([]);
  });

  it('systemd unit: file, daemon-reload, enable, start; then a no-op', async () => {
    const run = await converge(() => undefined, () => [systemdUnit({ name: 'app.service', content: '[Service]\nExecStart=/bin/true\n' })]);
    expect(run.first[0]).toMatchObject({ status: 'changed' });
    expect(run.firstApplied).toEqual(expect.arrayContaining(["systemctl 'daemon-reload'", "systemctl 'enable' 'app.service'", "systemctl 'start' 'app.service'"]));
    expect(run.host.units.get('app.service')).toEqual({ enabled: true, active: true });
    expect(run.second[0]!.status).toBe('ok');
    expect(run.secondApplied).toEqual([]);
  });

  it('service state of an existing unit', async () => {
    const run = await converge((host) => host.units.set('chrony.service', { enabled: false, active: false }), () => [service({ name: 'chrony.service' })]);
    expect(run.first[0]!.detail).toBe('enable, start');
    expect(run.second[0]!.status).toBe('ok');
  });

  it('command guarded by creates and by unless', async () => {
    const run = await converge(
      (host) => {
        host.commands.set('initdb -D /data', (_args, fake) => void fake.putFile('/data/PG_VERSION', '17'));
        let created = false;
        host.commands.set('create-topic', () => void (created = true));
        host.commands.set('topic-exists', () => ({ code: created ? 0 : 1 }));
      },
      () => [command({ name: 'initdb', run: 'initdb -D /data', creates: '/data/PG_VERSION' }), command({ name: 'topic', run: 'create-topic', unless: 'topic-exists' })],
    );
    expect(run.first.map((task) => task.status)).toEqual(['changed', 'changed']);
    expect(run.second.map((task) => task.status)).toEqual(['ok', 'ok']);
    expect(run.secondApplied).toEqual([]);
  });

  it('a command whose guard is still unmet after running fails verification', async () => {
    const cluster = fakeCluster(['vm1']);
    cluster.host('vm1').commands.set('true', () => undefined);
    const { summary, events } = await cluster.install(phaseOf(() => [command({ name: 'noop', run: 'true', creates: '/nope' })]));
    expect(summary.ok).toBe(false);
    expect(tasks(events)[0]).toMatchObject({ status: 'failed', detail: expect.stringContaining('still differs after applying') });
  });

  it('artifact: fetched once into the control cache, checksum verified, pushed, unpacked, then a no-op', async () => {
    const payload = Buffer.from('pretend tarball');
    const sha = createHash('sha256').update(payload).digest('hex');
    let downloads = 0;
    const artifacts = new ArtifactCache({
      cacheDir: mkdtempSync(join(tmpdir(), 'dl-cache-')),
      download: async () => {
        downloads++;
        return Readable.from([payload]);
      },
    });
    const cluster = fakeCluster(['vm1', 'vm2']);
    const phases = phaseOf(() => [artifact({ source: { fileName: 'kafka.tgz', url: 'http://mirror.invalid/kafka.tgz', sha256: sha }, dest: '/opt/kafka', extract: { strip: 1 } })]);
    const first = await cluster.install(phases, { artifacts });
    expect(tasks(first.events).map((task) => task.status)).toEqual(['changed', 'changed']);
    expect(downloads).toBe(1);
    expect(cluster.host('vm2').fileText('/opt/kafka/.datalyptica-artifact')).toBe(`${sha}\n`);
    const second = await cluster.install(phases, { artifacts });
    expect(tasks(second.events).map((task) => task.status)).toEqual(['ok', 'ok']);
  });

  it('artifact: a download with the wrong checksum is refused before anything is pushed', async () => {
    const artifacts = new ArtifactCache({ cacheDir: mkdtempSync(join(tmpdir(), 'dl-cache-')), download: async () => Readable.from([Buffer.from('tampered')]) });
    const cluster = fakeCluster(['vm1']);
    const { events } = await cluster.install(phaseOf(() => [artifact({ source: { fileName: 'x.tgz', url: 'http://m.invalid/x.tgz', sha256: 'a'.repeat(64) }, dest: '/opt/x', extract: { strip: 0 } })]), { artifacts });
    expect(tasks(events)[0]).toMatchObject({ status: 'failed', detail: expect.stringContaining('expected aaaa') });
    expect(cluster.host('vm1').uploads).toBe(0);
  });
});
