import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dataLayer } from '../../phases/03-data/index.js';
import { fakeDebianCluster } from './fake-debian.js';

const phase = { ...dataLayer, gate: undefined };

describe('phase 3 on fake Debian hosts', () => {
  it('turns off the default cluster before the server package installs, then runs Patroni and vip-manager', async () => {
    const cluster = fakeDebianCluster();
    const { summary } = await cluster.install([phase]);
    expect(summary.ok).toBe(true);
    expect(summary.phases[0]!.hosts).toEqual(['vm1', 'vm2', 'vm3']);

    const vm2 = cluster.host('vm2');
    const installOf = (name: string) => vm2.executed.findIndex((line) => line.startsWith('dl_pkg_install') && line.includes(`'${name}'`));
    const conftool = vm2.executed.findIndex((line) => line.includes('pg_conftool'));
    expect(conftool).toBeGreaterThan(installOf('postgresql-common'));
    expect(conftool).toBeLessThan(installOf('postgresql-15'));
    expect(cluster.sim('vm2').mainCluster).toBe(false);
    expect(vm2.installed.has('patroni') && vm2.installed.has('vip-manager')).toBe(true);

    const config = parse(vm2.fileText('/etc/patroni/config.yml')!);
    expect(vm2.files.get('/etc/patroni/config.yml')).toMatchObject({ mode: '600', owner: 'postgres' });
    expect(config).toMatchObject({ name: 'vm2', tags: { nosync: false }, postgresql: { data_dir: '/data/postgresql/15', bin_dir: '/usr/lib/postgresql/15/bin' } });
    expect(parse(cluster.host('vm3').fileText('/etc/patroni/config.yml')!).tags.nosync).toBe(true);
    expect(vm2.dirs.get('/data/postgresql')).toEqual({ mode: '700', owner: 'postgres', group: 'postgres' });
    expect(vm2.files.get('/etc/patroni/tls/etcd-client.key')).toMatchObject({ mode: '600', owner: 'postgres' });
    expect(vm2.sysctls.get('net.ipv4.ip_nonlocal_bind')!.value).toBe('1');
    expect(parse(vm2.fileText('/etc/vip-manager/vip-manager.yml')!)).toMatchObject({ interface: 'eth0', 'trigger-value': 'vm2' });
    expect(vm2.fileText('/etc/systemd/system/vip-manager.service.d/datalyptica.conf')).toContain('--config=/etc/vip-manager/vip-manager.yml');
    for (const unit of ['patroni.service', 'vip-manager.service']) expect(vm2.units.get(unit)).toEqual({ enabled: true, active: true });
    // vm1 initialises the cluster alone (and is waited for), so it becomes the spec's primary.
    const bootstraps = (name: string) => cluster.sim(name).shell.some((line) => line.startsWith('systemctl enable -q patroni.service && systemctl start'));
    expect([bootstraps('vm1'), bootstraps('vm2'), bootstraps('vm3')]).toEqual([true, false, false]);
  });

  it('restarts only a member Patroni marks pending restart, and is a no-op once converged', async () => {
    const cluster = fakeDebianCluster();
    await cluster.install([phase]);
    const quiet = await cluster.install([phase]);
    expect(quiet.summary.phases[0]).toMatchObject({ changed: 0, failed: 0 });

    cluster.sim('vm2').pendingRestart = true;
    const restarted = await cluster.install([phase]);
    expect(restarted.summary.phases[0]!.changed).toBe(1);
    expect(cluster.sim('vm2').shell).toContain('patronictl -c /etc/patroni/config.yml restart test vm2 --pending --force');
    expect(cluster.sim('vm1').shell.some((line) => line.includes(' restart '))).toBe(false);
  });

  it('adds the PGDG repository only for a major version the distribution lacks', async () => {
    const cluster = fakeDebianCluster();
    await cluster.install([phase]);
    expect(cluster.sim('vm1').shell.some((line) => line.includes('apt.postgresql.org.sh'))).toBe(false);

    const sixteen = fakeDebianCluster();
    sixteen.inventory.versions = { ...sixteen.inventory.versions, postgresql: '16' };
    const { summary } = await sixteen.install([phase]);
    expect(summary.ok).toBe(true);
    expect(sixteen.sim('vm1').shell).toContain('/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y');
    expect(sixteen.host('vm1').installed.has('postgresql-16')).toBe(true);
    expect(parse(sixteen.host('vm1').fileText('/etc/patroni/config.yml')!).postgresql.bin_dir).toBe('/usr/lib/postgresql/16/bin');
  });

  it("drops a main cluster the package made before datalyptica ran", async () => {
    const cluster = fakeDebianCluster();
    cluster.sim('vm3').createMainCluster = false;
    cluster.sim('vm3').mainCluster = true;
    await cluster.install([phase]);
    expect(cluster.sim('vm3').shell).toContain('pg_dropcluster --stop 15 main');
    expect(cluster.sim('vm3').mainCluster).toBe(false);
    expect(cluster.sim('vm1').shell.some((line) => line.startsWith('pg_dropcluster'))).toBe(false);
  });

  it('reloads Patroni, rather than restarting it, when its config changes', async () => {
    const cluster = fakeDebianCluster();
    await cluster.install([phase]);
    cluster.host('vm1').putFile('/etc/patroni/config.yml', 'scope: edited by hand\n', { mode: '600', owner: 'postgres', group: 'postgres' });
    cluster.host('vm1').executed.length = 0;
    await cluster.install([phase]);
    expect(cluster.sim('vm1').shell.at(-1)).toMatch(/systemctl reload patroni.service/);
    expect(cluster.host('vm1').executed.filter((line) => line.includes("'restart'"))).toEqual([]);
  });
});
