import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stateDirFor } from '../../src/cli/commands/run-options.js';
import { readState } from '../../src/engine/state.js';
import { loadValidInventory } from '../../src/inventory/validate.js';
import type { ResolvedInventory } from '../../src/inventory/normalise.js';
import { sshArgs } from '../../src/lab/hosts.js';
import { labPaths } from '../../src/lab/paths.js';
import { sshConnectionPool, type ConnectionPool } from '../../src/ssh/pool.js';
import { healthOf } from '../../phases/registry.js';
import { collectStatus, type ClusterStatus, type GroupStatus } from '../../src/status/index.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * `datalyptica status` on the lab after phases 1-3: healthy with exit 0 in under 2 s; one etcd
 * member stopped makes it degraded while etcd still takes writes; the Patroni leader stopped
 * makes a new leader appear (and the PostgreSQL VIP follow). Restores every service it stops.
 */

const paths = labPaths();
const stateDir = stateDirFor(paths.inventory);

async function labSsh(address: string, command: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const result = await execa('ssh', [...sshArgs(paths), '-o', 'BatchMode=yes', `root@${address}`, command], { reject: false, timeout: 30_000 });
  return { exitCode: result.exitCode ?? 255, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Phases 1-3 recorded in the engine's state, or at least etcd answering on vm1. */
async function phasesInstalled(): Promise<boolean> {
  if (!existsSync(paths.inventory)) return false;
  const state = readState(stateDir);
  if (['1', '2', '3'].every((phase) => Object.keys(state.phases[phase] ?? {}).length > 0)) return true;
  const { inventory } = await loadValidInventory(paths.inventory);
  const vm1 = inventory.hosts[0]!;
  const tls = '/etc/etcd/tls';
  const probe = await labSsh(vm1.addresses.management, `ETCDCTL_API=3 etcdctl --endpoints=https://${vm1.addresses.application}:2379 --cacert=${tls}/ca.crt --cert=${tls}/server.crt --key=${tls}/server.key --dial-timeout=2s endpoint health`);
  return probe.exitCode === 0;
}

const blocker = needRoot() ?? ((await phasesInstalled()) ? undefined : 'phases 1-3 are not installed on the lab (did 20-install-core fail?)');

describeLab('status on the lab', blocker, () => {
  let inventory: ResolvedInventory;
  let pool: ConnectionPool;
  const address = (host: string) => inventory.hosts.find((candidate) => candidate.name === host)!.addresses.management;
  const collect = () => collectStatus(inventory, pool, { health: healthOf, state: readState(stateDir) });
  const group = (status: ClusterStatus, name: string): GroupStatus => {
    const found = status.groups.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no ${name} group in: ${status.groups.map((g) => g.summary).join(' | ')}`);
    return found;
  };
  const lines = (status: ClusterStatus) => [...status.groups.map((g) => g.summary), ...status.vips.map((v) => v.summary)].join('\n');

  /** Polls status until `ready` holds (failover, restarts) or the time is up. */
  async function waitForStatus(ready: (status: ClusterStatus) => boolean, timeoutMs: number): Promise<ClusterStatus> {
    const until = Date.now() + timeoutMs;
    let status = await collect();
    while (!ready(status) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      status = await collect();
    }
    return status;
  }

  const allHealthy = (status: ClusterStatus) => status.verdict === 'healthy';

  beforeAll(async () => {
    ({ inventory } = await loadValidInventory(paths.inventory));
    pool = sshConnectionPool(inventory, { acceptNewHostKeys: false, connectTimeoutMs: 1500, attempts: 1 });
  });

  afterAll(async () => {
    // Whatever failed above, leave etcd and Patroni running everywhere for the next tests.
    await Promise.all(['vm1', 'vm2', 'vm3'].map((host) => labSsh(address(host), 'systemctl start etcd patroni')));
    await pool?.closeAll();
  });

  it('is healthy with exit 0 after phases 1-3, in under 2 s', async () => {
    const status = await waitForStatus(allHealthy, 60_000);
    expect(status.verdict, lines(status)).toBe('healthy');
    expect(status.exitCode).toBe(0);
    expect(group(status, 'etcd').summary).toMatch(/^etcd 3\/3 healthy · leader vm[123]$/);
    expect(group(status, 'postgresql').summary).toMatch(/^postgresql 3\/3 healthy · leader vm[123] · sync vm[123] · replica vm[123] · lag \d+ (B|KiB)$/);
    expect(group(status, 'haproxy').health).toBe('healthy');
    expect(status.vips.map((vip) => [vip.name, vip.holders.length])).toEqual([
      ['haproxy', 1],
      ['postgresql', 1],
    ]);
    // A second run reuses the connections; the first pays the SSH handshakes: both under 2 s.
    const again = await collect();
    expect(status.durationMs).toBeLessThan(2000);
    expect(again.durationMs).toBeLessThan(2000);
  });

  it('is degraded (exit 1) with one etcd member stopped, while etcd still takes writes', async () => {
    const stopped = 'vm3';
    expect((await labSsh(address(stopped), 'systemctl stop etcd')).exitCode).toBe(0);
    try {
      const status = await waitForStatus((s) => group(s, 'etcd').up === 2 && group(s, 'etcd').leader !== undefined, 15_000);
      expect(status.exitCode, lines(status)).toBe(1);
      expect(group(status, 'etcd').summary).toMatch(/^etcd 2\/3 degraded · leader vm[12] · down vm3$/);
      const vm1 = inventory.hosts[0]!;
      const endpoints = inventory.hosts.slice(0, 3).map((host) => `https://${host.addresses.application}:2379`).join(',');
      const tls = '/etc/etcd/tls';
      const write = await labSsh(vm1.addresses.management, `ETCDCTL_API=3 etcdctl --endpoints=${endpoints} --cacert=${tls}/ca.crt --cert=${tls}/server.crt --key=${tls}/server.key put /datalyptica-status-test ok`);
      expect(write.stdout.trim(), write.stderr).toBe('OK');
    } finally {
      await labSsh(address(stopped), 'systemctl start etcd');
    }
    const restored = await waitForStatus(allHealthy, 30_000);
    expect(restored.exitCode, lines(restored)).toBe(0);
  });

  it('shows a new Patroni leader after the leader stopped, then heals', async () => {
    const before = await waitForStatus(allHealthy, 30_000);
    const oldLeader = group(before, 'postgresql').leader!;
    expect(oldLeader).toMatch(/^vm[123]$/);
    expect((await labSsh(address(oldLeader), 'systemctl stop patroni')).exitCode).toBe(0);
    try {
      const status = await waitForStatus((s) => {
        const leader = group(s, 'postgresql').leader;
        return leader !== undefined && leader !== oldLeader && s.vips.find((vip) => vip.name === 'postgresql')?.holders.join() === leader;
      }, 30_000);
      const postgres = group(status, 'postgresql');
      expect(postgres.leader, lines(status)).not.toBe(oldLeader);
      expect(postgres.leader).toMatch(/^vm[123]$/);
      expect(postgres.summary).toContain(`down ${oldLeader}`);
      expect(status.vips.find((vip) => vip.name === 'postgresql')!.holders).toEqual([postgres.leader]);
      expect(status.exitCode).toBe(1);
    } finally {
      await labSsh(address(oldLeader), 'systemctl start patroni');
    }
    const healed = await waitForStatus(allHealthy, 90_000);
    expect(healed.exitCode, lines(healed)).toBe(0);
  });
});
