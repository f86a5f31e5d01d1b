import { Topology } from '../../src/config/topology.js';
import { describe, expect, it } from 'vitest';
import { etcdContext } from '../../phases/02-coordination/etcd/config.js';
import { haproxyHostContext } from '../../phases/02-coordination/haproxy/steps.js';
import { keepalivedContext, virtualRouterId } from '../../phases/02-coordination/keepalived/config.js';
import { patroniContext } from '../../phases/03-data/postgresql/config.js';
import { KEEPALIVED_TIMING } from '../../phases/02-coordination/keepalived/config.js';
import { checkPatroniTiming, PATRONI_TIMING } from '../../phases/03-data/postgresql/config.js';
import { vipManagerContext } from '../../phases/03-data/vip-manager/config.js';
import { isDatalypticaError } from '../../src/core/errors.js';
import { LAB_FACTS, LAB_SECRETS, labInventory } from './lab-inventory.js';

const inv = labInventory();

describe('etcdContext', () => {
  it('builds one static three-member cluster on the application addresses over TLS', () => {
    const ctx = etcdContext(new Topology(inv), 'vm2');
    expect(ctx.name).toBe('vm2');
    expect(ctx.dataDir).toBe('/data/etcd');
    expect(ctx.listenClientUrls).toBe('https://198.18.1.12:2379,https://127.0.0.1:2379');
    expect(ctx.listenPeerUrls).toBe('https://198.18.1.12:2380');
    expect(ctx.initialCluster).toBe('vm1=https://198.18.1.11:2380,vm2=https://198.18.1.12:2380,vm3=https://198.18.1.13:2380');
    expect(ctx.initialClusterToken).toBe('lab-etcd');
  });

  it('enables the v2 API only for vip-manager 1.x (Debian), not for 2.x', () => {
    expect(etcdContext(new Topology(inv), 'vm1').enableV2).toBe(true);
    const production = labInventory({ versions: { postgresql: '16.2', etcd: '3.5.16', 'vip-manager': '2.6.0' } });
    expect(etcdContext(new Topology(production), 'vm1').enableV2).toBe(false);
  });

  it('refuses a host that does not run etcd', () => {
    expect(() => etcdContext(new Topology(inv), 'vm4')).toThrow(/does not run etcd/);
  });
});

describe('haproxyContext', () => {
  const ctx = haproxyHostContext(new Topology(inv), 'vm1', LAB_SECRETS.haproxy);

  it('binds the application address and the VIP, never all interfaces', () => {
    expect(ctx.stats.binds).toEqual([
      { address: '198.18.1.11', port: 7000, transparent: false },
      { address: '198.18.1.100', port: 7000, transparent: true },
    ]);
    for (const listener of ctx.listeners) for (const bind of listener.binds) expect(bind.address).not.toMatch(/^(0\.0\.0\.0|\*)$/);
  });

  it('routes 5000 by /primary and 5001 by /replica, checking Patroni over verified TLS', () => {
    const [rw, ro] = ctx.listeners;
    expect(rw?.binds[0]?.port).toBe(5000);
    expect(rw?.lines).toContain('option httpchk GET /primary');
    expect(ro?.binds[0]?.port).toBe(5001);
    expect(ro?.lines).toContain('option httpchk GET /replica');
    expect(rw?.servers.map((s) => `${s.name} ${s.address}:${s.port}`)).toEqual(['vm1 198.18.1.11:5432', 'vm2 198.18.1.12:5432', 'vm3 198.18.1.13:5432']);
    expect(rw?.servers[1]?.options).toBe('check port 8008 check-ssl verify required ca-file /etc/haproxy/tls/ca.crt verifyhost vm2');
  });
});

describe('keepalivedContext', () => {
  it('prefers vm1, peers by unicast with the other two, and holds the HAProxy VIP', () => {
    const contexts = ['vm1', 'vm2', 'vm3'].map((host) => keepalivedContext(new Topology(inv), host, LAB_FACTS));
    expect(contexts.map((c) => c.priority)).toEqual([150, 100, 50]);
    expect(contexts[0]?.unicastSrcIp).toBe('198.18.1.11');
    expect(contexts[0]?.unicastPeers).toEqual(['198.18.1.12', '198.18.1.13']);
    expect(contexts[2]?.vip).toBe('198.18.1.100');
    expect(contexts[2]?.vipPrefixLength).toBe(24);
    expect(new Set(contexts.map((c) => c.virtualRouterId)).size).toBe(1);
    expect(contexts[0]?.check).toMatchObject({ address: '198.18.1.11', port: 7000 });
  });

  it('fails over within the targets: < 2 s on power-off', () => {
    const skew = ((256 - 100) * KEEPALIVED_TIMING.advertIntSeconds) / 256;
    expect(3 * KEEPALIVED_TIMING.advertIntSeconds + skew).toBeLessThan(2);
  });

  it('derives distinct router ids per VIP role and cluster', () => {
    const id = virtualRouterId('lab', 'haproxy');
    expect(id).toBeGreaterThanOrEqual(1);
    expect(id).toBeLessThanOrEqual(255);
    expect(virtualRouterId('lab', 'redis')).not.toBe(id);
  });
});

describe('patroniContext', () => {
  const contexts = ['vm1', 'vm2', 'vm3'].map((host) => patroniContext(new Topology(inv), host, LAB_SECRETS.patroni));

  it('tags only vm3 nosync so that the sync standby stays on vm2', () => {
    expect(contexts.map((c) => c.nosync)).toEqual([false, false, true]);
  });

  it('uses the etcd (v2) DCS with vip-manager 1.x and etcd3 with 2.x, over TLS with the patroni client cert', () => {
    expect(contexts[0]?.dcs).toMatchObject({ section: 'etcd', hosts: ['198.18.1.11:2379', '198.18.1.12:2379', '198.18.1.13:2379'], cert: '/etc/patroni/tls/etcd-client.crt' });
    const production = labInventory({ versions: { postgresql: '16.2', 'vip-manager': '2.6.0' } });
    const ctx = patroniContext(new Topology(production), 'vm1', LAB_SECRETS.patroni, { osFamily: 'rhel' });
    expect(ctx.dcs.section).toBe('etcd3');
    expect(ctx.postgresql.binDir).toBe('/usr/pgsql-16/bin');
    expect(ctx.postgresql.dataDir).toBe('/data/postgresql/16');
  });

  it('listens on the application address, the PostgreSQL VIP and loopback, with the Debian 15 binaries', () => {
    expect(contexts[0]?.postgresql.listen).toBe('198.18.1.11,198.18.1.101,127.0.0.1:5432');
    expect(contexts[0]?.postgresql.connectAddress).toBe('198.18.1.11:5432');
    expect(contexts[0]?.postgresql.binDir).toBe('/usr/lib/postgresql/15/bin');
    expect(contexts[0]?.restapi.listen).toBe('198.18.1.11:8008');
  });

  it('allows replication only from members and remote logins only by hostssl scram from the application network', () => {
    const hba = contexts[0]?.postgresql.pgHba ?? [];
    expect(hba.filter((line) => line.includes('replication'))).toEqual([
      'hostssl replication replicator 198.18.1.11/32 scram-sha-256',
      'hostssl replication replicator 198.18.1.12/32 scram-sha-256',
      'hostssl replication replicator 198.18.1.13/32 scram-sha-256',
      'hostssl replication replicator 127.0.0.1/32 scram-sha-256',
    ]);
    const remote = hba.filter((line) => !line.startsWith('local'));
    for (const line of remote) expect(line).toMatch(/^hostssl .* scram-sha-256$/);
    expect(hba).toContain('hostssl all all 198.18.1.0/24 scram-sha-256');
  });

  it('sizes memory from the host: a 4 GiB lab host still gets sane values', () => {
    const memory = contexts[0]?.postgresql.memory;
    expect(memory?.sharedBuffers).toMatch(/^\d+MB$/);
    expect(Number.parseInt(memory?.workMem ?? '', 10)).toBeGreaterThanOrEqual(4);
  });

  it('keeps the watchdog off unless the host has one', () => {
    expect(contexts[0]?.watchdogMode).toBe('off');
    expect(patroniContext(new Topology(inv), 'vm1', LAB_SECRETS.patroni, { watchdog: true }).watchdogMode).toBe('automatic');
  });

  it('ships timing that lets a leader demote itself before its key expires', () => {
    expect(() => checkPatroniTiming(PATRONI_TIMING)).not.toThrow();
    expect(PATRONI_TIMING.loopWait + 2 * PATRONI_TIMING.retryTimeout).toBeLessThanOrEqual(PATRONI_TIMING.ttl);
    try {
      checkPatroniTiming({ ttl: 20, loopWait: 10, retryTimeout: 10 });
      expect.unreachable();
    } catch (error) {
      expect(isDatalypticaError(error) && error.code).toBe('E_CONFIG_PATRONI_TIMING');
    }
  });
});

describe('vipManagerContext', () => {
  it('watches the Patroni leader key for this host name through every etcd member', () => {
    const ctx = vipManagerContext(new Topology(inv), 'vm3', LAB_FACTS);
    expect(ctx).toMatchObject({ ip: '198.18.1.101', netmask: 24, interface: 'eth1', triggerKey: '/service/lab/leader', triggerValue: 'vm3' });
    expect(ctx.endpoints).toEqual(['https://198.18.1.11:2379', 'https://198.18.1.12:2379', 'https://198.18.1.13:2379']);
  });
});
