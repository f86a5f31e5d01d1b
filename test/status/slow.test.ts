import { describe, expect, it } from 'vitest';
import { healthOf } from '../../phases/registry.js';
import { clusterVerdict, collectStatus, type ClusterStatus, type HostStatus } from '../../src/status/index.js';
import { labInventory } from '../config/lab-inventory.js';
import { cluster, controlHost, HEALTHY } from './cluster-states.js';
import { FakeStatusPool, type FakeHost, type FakeHostState } from './fake-cluster.js';

/**
 * Slow is not down: a busy cluster whose answers come late, or whose checks run out of time,
 * is shown as it is or as unknown (exit 3), never as down; a powered-off host is still told.
 */
const inventory = labInventory();
const DEADLINE_MS = 400;

/** The engine's state after phases 2-3 on the control plane: their services are expected there. */
const record = { completedAt: '2024-05-01T10:00:00.000Z', inventoryHash: 'x' };
const control = { vm1: record, vm2: record, vm3: record };
const STATE = { version: 1 as const, phases: { '2': control, '3': control } };

function collect(hosts: Record<string, FakeHost>, pool = new FakeStatusPool(hosts)): Promise<ClusterStatus> {
  return collectStatus(inventory, pool, { health: healthOf, deadlineMs: DEADLINE_MS, state: STATE });
}

const group = (status: ClusterStatus, name: string) => status.groups.find((candidate) => candidate.name === name)!;
const host = (status: ClusterStatus, name: string) => status.hosts.find((candidate) => candidate.name === name)!;

/** A control host whose etcdctl takes `seconds` to answer (a busy host starting a Go binary). */
function slowEtcd(name: string, seconds: number): FakeHostState {
  const state = controlHost(name, HEALTHY);
  return { ...state, etcd: { ...state.etcd!, takesSeconds: seconds } };
}

describe('status on a slow cluster', () => {
  it('shows a host that answers late, within its deadline, as it is', async () => {
    const status = await collect(cluster(HEALTHY, { vm2: { lateMs: 150, state: controlHost('vm2', HEALTHY) } }));
    expect(host(status, 'vm2')).toMatchObject({ reach: 'answered', attempts: 1 });
    expect(status.verdict).toBe('healthy');
    expect(status.exitCode).toBe(0);
  });

  it('calls a host that takes the connection but never answers unknown, not down: exit 3', async () => {
    const started = Date.now();
    const status = await collect(cluster(HEALTHY, { vm3: 'hung' }));
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 500);
    expect(host(status, 'vm3')).toMatchObject({ reachable: false, reach: 'unknown', error: 'vm3: no answer within 400 ms' });
    expect(host(status, 'vm3').services.find((s) => s.service === 'etcd')!.health).toBe('unknown');
    expect(group(status, 'etcd')).toMatchObject({ health: 'unknown', up: 2, unknown: 1, summary: 'etcd 2/3 unknown · leader vm2 · no answer in time vm3' });
    expect(status.verdict).toBe('unknown');
    expect(status.exitCode).toBe(3);
    expect(status.unknown).toEqual(['vm3']);
  });

  it('never says down when no control-plane host answers in time (the busy-machine report)', async () => {
    const status = await collect(cluster(HEALTHY, { vm1: 'hung', vm2: 'hung', vm3: 'hung' }));
    expect(group(status, 'etcd').summary).toBe('etcd 0/3 unknown · no answer in time vm1, vm2, vm3 · quorum unknown (0 of 2 needed answered)');
    expect(group(status, 'postgresql').health).toBe('unknown');
    expect(status.vips.map((vip) => vip.health)).toEqual(['unknown', 'unknown']);
    expect(status.verdict).toBe('unknown');
    expect(status.unknown).toEqual(['vm1', 'vm2', 'vm3']);
  });

  it('runs a check that ran out of time again with twice the bound, and shows its answer', async () => {
    const pool = new FakeStatusPool(cluster(HEALTHY, { vm2: slowEtcd('vm2', 3) }));
    const status = await collect(pool.hosts, pool);
    // First round trip: `timeout 2` stops etcdctl; the second, under `timeout 4`, lets it answer.
    expect(pool.transports.get('vm2')!.scripts.map((script) => /timeout (\d+)/.exec(script)![1])).toEqual(['2', '4']);
    expect(host(status, 'vm2')).toMatchObject({ reach: 'answered', attempts: 2 });
    expect(group(status, 'etcd').summary).toBe('etcd 3/3 healthy · leader vm2');
    expect(status.exitCode).toBe(0);
  });

  it('calls a check that never answers unknown, with the time it was given', async () => {
    const status = await collect(cluster(HEALTHY, { vm2: slowEtcd('vm2', 100) }));
    const etcd = host(status, 'vm2').services.find((s) => s.service === 'etcd')!;
    expect(etcd).toMatchObject({ systemd: 'active', health: 'unknown', problems: ['etcdctl endpoint status: no answer within the probe timeout'] });
    expect(etcd.facts).toContain('check given 2 s, then 4 s');
    // vm2 leads etcd: the others follow a leader nobody could name.
    expect(group(status, 'etcd')).toMatchObject({ health: 'unknown', up: 2, unknown: 1 });
    expect(status.unknown).toEqual(['vm2 etcd']);
    expect(status.exitCode).toBe(3);
  });

  it('still says degraded for what is known to be wrong, and lists what is unknown', async () => {
    const status = await collect(cluster({ ...HEALTHY, etcdDown: ['vm3'] }, { vm4: 'hung' }));
    expect(group(status, 'etcd').summary).toBe('etcd 2/3 degraded · leader vm2 · down vm3');
    expect(status.verdict).toBe('degraded');
    expect(status.exitCode).toBe(1);
    expect(status.unknown).toEqual(['vm4']);
  });

  it('still says down for a quorum that says it is lost, even with a slow host', async () => {
    const status = await collect(cluster({ ...HEALTHY, etcdLeader: undefined, etcdDown: ['vm2', 'vm3'] }, { vm5: 'hung' }));
    expect(group(status, 'etcd').health).toBe('down');
    expect(status.exitCode).toBe(2);
  });

  it('connects again once when the connection breaks mid-command', async () => {
    const pool = new FakeStatusPool(cluster(HEALTHY, { vm1: { lostOnce: controlHost('vm1', HEALTHY) } }));
    const status = await collect(pool.hosts, pool);
    expect(host(status, 'vm1')).toMatchObject({ reach: 'answered', attempts: 2 });
    expect(pool.evicted).toEqual(['vm1']);
    expect(status.exitCode).toBe(0);
  });
});

describe('the cluster verdict', () => {
  const hostIn = (reach: HostStatus['reach']): HostStatus => ({ name: 'vm', reachable: reach === 'answered', reach, durationMs: 0, attempts: 1, services: [] });

  it('ranks what is known to be wrong above what is unknown: down > degraded > unknown > healthy', () => {
    expect(clusterVerdict([hostIn('answered')], ['healthy', 'unknown'])).toBe('unknown');
    expect(clusterVerdict([hostIn('unknown')], ['degraded'])).toBe('degraded');
    expect(clusterVerdict([hostIn('unknown')], ['down'])).toBe('down');
    expect(clusterVerdict([hostIn('unknown'), hostIn('unknown')], [])).toBe('unknown');
    expect(clusterVerdict([hostIn('unreachable'), hostIn('unknown')], [])).toBe('degraded');
    expect(clusterVerdict([hostIn('unreachable'), hostIn('unreachable')], [])).toBe('down');
  });
});
