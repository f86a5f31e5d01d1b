import { describe, expect, it } from 'vitest';
import type { Transport } from '../../src/ssh/transport.js';
import { healthOf } from '../../phases/registry.js';
import { collectStatus, type ClusterStatus } from '../../src/status/index.js';
import { labInventory } from '../config/lab-inventory.js';
import { cluster, controlHost, emptyHost, HEALTHY, VIP } from './cluster-states.js';
import { FakeStatusPool, type FakeHost } from './fake-cluster.js';

const inventory = labInventory();

function collect(hosts: Record<string, FakeHost>, options: Partial<Parameters<typeof collectStatus>[2]> = {}): Promise<ClusterStatus> {
  return collectStatus(inventory, new FakeStatusPool(hosts), { health: healthOf, deadlineMs: 200, ...options });
}

const summaries = (status: ClusterStatus) => [...status.groups.map((group) => group.summary), ...status.vips.map((vip) => vip.summary)];

describe('collectStatus', () => {
  it('reports a healthy control plane after phases 2-3: exit 0, one line per group and VIP', async () => {
    const status = await collect(cluster(HEALTHY));
    expect(status.verdict).toBe('healthy');
    expect(status.exitCode).toBe(0);
    expect(summaries(status)).toEqual([
      'etcd 3/3 healthy · leader vm2',
      'haproxy 3/3 healthy',
      'postgresql 3/3 healthy · leader vm1 · sync vm2 · replica vm3 · lag 0 B',
      'vip-manager 3/3 healthy',
      `vip haproxy ${VIP.haproxy} on vm1`,
      `vip postgresql ${VIP.postgresql} on vm1`,
    ]);
    const vm1 = status.hosts.find((host) => host.name === 'vm1')!;
    const etcd = vm1.services.find((service) => service.service === 'etcd')!;
    expect(etcd).toMatchObject({ unit: 'etcd.service', systemd: 'active', health: 'ok', role: 'follower' });
    expect(etcd.ports).toEqual([
      { name: 'client', port: 2379, listening: true },
      { name: 'peer', port: 2380, listening: true },
    ]);
    // PostgreSQL is run by Patroni: its unit is Patroni's, its own port is checked.
    expect(vm1.services.find((service) => service.service === 'postgresql')).toMatchObject({ unit: 'patroni.service', health: 'ok' });
    expect(vm1.services.find((service) => service.service === 'haproxy')!.facts).toContain('postgresql-primary: vm1 UP, vm2 DOWN, vm3 DOWN');
  });

  it('shows services without a unit as not installed and leaves them out of every group', async () => {
    const status = await collect(cluster(HEALTHY));
    const vm4 = status.hosts.find((host) => host.name === 'vm4')!;
    expect(vm4.reachable).toBe(true);
    expect(vm4.services.every((service) => service.health === 'not-installed')).toBe(true);
    expect(status.groups.map((group) => group.name)).not.toContain('trino-worker');
  });

  it('is degraded (exit 1) with one etcd member stopped: quorum kept, leader still known', async () => {
    const status = await collect(cluster({ ...HEALTHY, etcdDown: ['vm3'] }));
    expect(status.exitCode).toBe(1);
    const etcd = status.groups.find((group) => group.name === 'etcd')!;
    expect(etcd.summary).toBe('etcd 2/3 degraded · leader vm2 · down vm3');
    const vm3 = status.hosts.find((host) => host.name === 'vm3')!.services.find((service) => service.service === 'etcd')!;
    expect(vm3).toMatchObject({ systemd: 'inactive', health: 'down', problems: ['etcd.service is inactive'] });
  });

  it('is down (exit 2) when etcd loses its majority', async () => {
    const status = await collect(cluster({ ...HEALTHY, etcdLeader: undefined, etcdDown: ['vm2', 'vm3'] }));
    expect(status.exitCode).toBe(2);
    const etcd = status.groups.find((group) => group.name === 'etcd')!;
    expect(etcd.health).toBe('down');
    expect(etcd.summary).toBe('etcd 0/3 down · down vm1, vm2, vm3 · no quorum (needs 2 of 3)');
    const vm1 = status.hosts.find((host) => host.name === 'vm1')!.services.find((service) => service.service === 'etcd')!;
    expect(vm1.problems).toContain('no leader: the member lost quorum');
  });

  it('shows the new Patroni leader after the old one stopped, and the VIP following it', async () => {
    const plane = { ...HEALTHY, roles: { vm1: 'stopped', vm2: 'leader', vm3: 'replica' } } as const;
    const status = await collect(cluster(plane));
    const postgres = status.groups.find((group) => group.name === 'postgresql')!;
    expect(postgres.leader).toBe('vm2');
    expect(postgres.summary).toBe('postgresql 2/3 degraded · leader vm2 · replica vm3 · lag 0 B · down vm1');
    expect(status.vips.find((vip) => vip.name === 'postgresql')!.summary).toBe(`vip postgresql ${VIP.postgresql} on vm2`);
    expect(status.exitCode).toBe(1);
  });

  it('is down when no Patroni member leads', async () => {
    const status = await collect(cluster({ ...HEALTHY, roles: { vm1: 'replica', vm2: 'replica', vm3: 'replica' }, postgresVip: [] }));
    const postgres = status.groups.find((group) => group.name === 'postgresql')!;
    expect(postgres.problems).toEqual(['no leader']);
    expect(status.vips.find((vip) => vip.name === 'postgresql')).toMatchObject({ health: 'down', holders: [] });
    expect(status.exitCode).toBe(2);
  });

  it('flags a replica too far behind to fail over to', async () => {
    const status = await collect(cluster({ ...HEALTHY, lag: { vm3: 64 * 1024 * 1024 } }));
    const postgres = status.groups.find((group) => group.name === 'postgresql')!;
    expect(postgres.health).toBe('degraded');
    expect(postgres.summary).toContain('lag 64 MiB');
  });

  it('calls a VIP held by two hosts a split brain (exit 2)', async () => {
    const status = await collect(cluster({ ...HEALTHY, haproxyVip: ['vm1', 'vm2'] }));
    const vip = status.vips.find((candidate) => candidate.name === 'haproxy')!;
    expect(vip).toMatchObject({ health: 'down', holders: ['vm1', 'vm2'] });
    expect(vip.summary).toBe(`vip haproxy ${VIP.haproxy} held by vm1 and vm2: split brain`);
    expect(status.exitCode).toBe(2);
  });

  it('reports a powered-off host as unreachable after its two TCP looks, its members as lost', async () => {
    const started = Date.now();
    const pool = new FakeStatusPool(cluster(HEALTHY, { vm3: 'off' }));
    const status = await collectStatus(inventory, pool, { health: healthOf, deadlineMs: 5000 });
    // The looks (30 + 20 ms), not the deadline, bound it.
    expect(Date.now() - started).toBeLessThan(1000);
    const vm3 = status.hosts.find((host) => host.name === 'vm3')!;
    expect(vm3).toMatchObject({ reachable: false, reach: 'unreachable', error: 'vm3 (fake-vm3:22): no answer to 2 TCP connections (given 0.03 s, then 0.02 s)' });
    expect(pool.evicted).toEqual(['vm3']);
    // Installed on vm1 and vm2, so expected on vm3: a member that is lost, not a smaller group.
    expect(status.groups.find((group) => group.name === 'etcd')!.summary).toBe('etcd 2/3 degraded · leader vm2 · unreachable vm3');
    expect(status.exitCode).toBe(1);
    expect(status.unknown).toEqual([]);
  });

  it('counts a silent host by the state file: its phase completed there, so its members are missing', async () => {
    const onlyVm1 = { vm1: controlHost('vm1', HEALTHY), vm2: 'off', vm3: 'off', vm4: emptyHost('vm4'), vm5: emptyHost('vm5') } as const;
    const record = { completedAt: '2024-05-01T10:00:00.000Z', inventoryHash: 'x' };
    const state = { version: 1 as const, phases: { '2': { vm1: record, vm2: record, vm3: record } } };
    const status = await collect({ ...onlyVm1 }, { state });
    expect(status.groups.find((group) => group.name === 'etcd')).toMatchObject({ size: 3, up: 1, health: 'down' });
    expect(status.exitCode).toBe(2);
  });

  it('is down when every host is powered off', async () => {
    const status = await collect({ vm1: 'off', vm2: 'off', vm3: 'off', vm4: 'off', vm5: 'off' });
    expect(status.groups).toEqual([]);
    expect(status.verdict).toBe('down');
  });

  it('reports a host whose shell fails before the first section as unknown, with the reason', async () => {
    const pool = new FakeStatusPool(cluster(HEALTHY));
    const broken: Transport = { host: 'vm4', user: 'ops', exec: async () => ({ code: 1, stdout: '', stderr: 'sudo: unable to resolve host vm4\n' }), upload: async () => undefined, uploadFile: async () => undefined, close: async () => undefined };
    const status = await collectStatus(inventory, { get: (host) => (host === 'vm4' ? Promise.resolve(broken) : pool.get(host)) }, { health: healthOf, deadlineMs: 200 });
    // It could not be asked: that says nothing about its services.
    expect(status.hosts.find((host) => host.name === 'vm4')).toMatchObject({ reachable: false, reach: 'unknown', error: 'vm4: the status script failed (exit 1): sudo: unable to resolve host vm4' });
    expect(status.exitCode).toBe(3);
  });

  it('counts the deadline and the duration from when connecting began, for a caller that connected ahead', async () => {
    const called = Date.now();
    const startedAt = called - 350;
    const status = await collect(cluster(HEALTHY, { vm3: 'hung' }), { deadlineMs: 400, startedAt });
    // 350 ms of the 400 were spent before the call: vm3 is given up on 50 ms into it, not 400.
    expect(Date.now() - called).toBeLessThan(350);
    expect(status.durationMs).toBeGreaterThanOrEqual(400);
    expect(status.hosts.find((host) => host.name === 'vm3')).toMatchObject({ reach: 'unknown', error: 'vm3: no answer within 400 ms' });
    expect(status.checkedAt).toBe(new Date(startedAt).toISOString());
  });

  it('sends one script per host, run as root', async () => {
    const pool = new FakeStatusPool(cluster(HEALTHY));
    await collectStatus(inventory, pool, { health: healthOf, deadlineMs: 200 });
    for (const transport of pool.transports.values()) expect(transport.scripts).toHaveLength(1);
    expect(pool.transports.size).toBe(5);
  });
});
