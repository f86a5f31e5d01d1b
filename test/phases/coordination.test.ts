import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coordination } from '../../phases/02-coordination/index.js';
import { tasks } from '../engine/helpers.js';
import { fakeDebianCluster } from './fake-debian.js';

// The gate talks to real etcd and keepalived (lab tests); here the phase's resources.
const phase = { ...coordination, gate: undefined };

describe('phase 2 on fake Debian hosts', () => {
  it('configures etcd, HAProxy and keepalived on the control plane only', async () => {
    const cluster = fakeDebianCluster();
    const { summary } = await cluster.install([phase]);
    expect(summary.ok).toBe(true);
    expect(summary.phases[0]!.hosts).toEqual(['vm1', 'vm2', 'vm3']);

    const vm1 = cluster.host('vm1');
    expect(['etcd-server', 'etcd-client', 'haproxy', 'keepalived'].every((name) => vm1.installed.has(name))).toBe(true);
    const env = vm1.fileText('/etc/default/etcd')!;
    expect(env).toContain('ETCD_NAME=vm1');
    expect(env).toContain('ETCD_INITIAL_CLUSTER=vm1=https://198.18.1.10:2380,vm2=https://198.18.1.11:2380,vm3=https://198.18.1.12:2380');
    expect(vm1.dirs.get('/data/etcd')).toEqual({ mode: '700', owner: 'etcd', group: 'etcd' });
    expect(vm1.files.get('/etc/etcd/tls/server.key')).toMatchObject({ mode: '600', owner: 'etcd' });
    expect(vm1.fileText('/etc/etcd/tls/ca.crt')).toBe(readFileSync(join(cluster.stateDir, 'pki/ca.crt'), 'utf8'));
    expect(vm1.files.get('/etc/haproxy/haproxy.cfg')).toMatchObject({ mode: '640', owner: 'root', group: 'haproxy' });
    expect(vm1.fileText('/etc/keepalived/keepalived.conf')).toContain('interface eth0');
    expect(vm1.files.get('/etc/keepalived/check-haproxy.sh')).toMatchObject({ mode: '755', owner: 'root' });
    expect(vm1.fileText('/etc/systemd/system/keepalived.service.d/datalyptica.conf')).toContain('ip -4 address del 198.18.0.100/24 dev eth0');
    expect(vm1.executed).toContain("systemctl 'daemon-reload'");
    for (const unit of ['etcd.service', 'haproxy.service', 'keepalived.service']) expect(vm1.units.get(unit)).toEqual({ enabled: true, active: true });
    expect(cluster.sim('vm1').defaultEtcd).toBe(false);
    expect(cluster.host('vm4').installed.has('etcd-server')).toBe(false);
  });

  it('never puts the CA key or a password where a host or a log line shows it', async () => {
    const cluster = fakeDebianCluster();
    const { events } = await cluster.install([phase]);
    const caKey = readFileSync(join(cluster.stateDir, 'pki/ca.key'), 'utf8');
    const secrets = Object.values(JSON.parse(readFileSync(join(cluster.stateDir, 'secrets.json'), 'utf8')).secrets as Record<string, string>);
    expect(secrets.length).toBeGreaterThan(0);
    for (const host of cluster.hosts.values()) for (const file of host.files.values()) expect(file.content.toString()).not.toBe(caKey);
    const text = JSON.stringify(events);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(cluster.host('vm1').fileText('/etc/haproxy/haproxy.cfg')).toContain(`stats auth admin:${JSON.parse(readFileSync(join(cluster.stateDir, 'secrets.json'), 'utf8')).secrets['haproxy.stats']}`);
  });

  it('changes nothing on a second run', async () => {
    const cluster = fakeDebianCluster();
    await cluster.install([phase]);
    const again = await cluster.install([phase]);
    expect(again.summary.phases[0]).toMatchObject({ status: 'ok', changed: 0, failed: 0 });
    expect(tasks(again.events).filter((task) => task.status === 'changed')).toEqual([]);
  });
});
