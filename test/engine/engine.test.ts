import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatalypticaError } from '../../src/core/errors.js';
import { acquireLock } from '../../src/engine/lock.js';
import type { Phase } from '../../src/engine/phase.js';
import { command, directory, file, packages, systemdUnit } from '../../src/engine/resources/index.js';
import { fakeCluster, tasks } from './helpers.js';

const all = (inventory: { hosts: Array<{ name: string }> }) => inventory.hosts.map((host) => host.name);

/** A small example phase, like a phase author would write. */
function basePhase(version = '1'): Phase {
  return {
    id: 1,
    title: 'base',
    hosts: all,
    steps: [
      {
        name: 'packages',
        resources: () => [packages(['chrony'])],
      },
      {
        name: 'chrony',
        resources: (host) => [
          directory({ path: '/etc/chrony' }),
          file({ path: '/etc/chrony/chrony.conf', content: `# v${version}\nserver ${host.addresses.management}\n`, notifies: 'chrony.service' }),
          systemdUnit({ name: 'chrony.service', content: '[Service]\nExecStart=/usr/sbin/chronyd\n' }),
        ],
      },
    ],
    gate: { name: 'chrony runs', check: async (ctx) => ({ ok: true, evidence: ctx.hosts.map((host) => `${host}: chrony active`) }) },
  };
}

function cluster5() {
  const cluster = fakeCluster(['vm1', 'vm2', 'vm3', 'vm4', 'vm5']);
  for (const host of cluster.hosts.values()) host.available.set('chrony', '4.5-1');
  return cluster;
}

describe('engine', () => {
  it('a converged phase costs one SSH round trip per host', async () => {
    const cluster = cluster5();
    const first = await cluster.install([basePhase()]);
    expect(first.summary.ok).toBe(true);
    expect(first.summary.phases[0]).toMatchObject({ status: 'ok', failed: 0, gate: { ok: true } });
    for (const host of cluster.hosts.values()) host.execCount = 0;
    const second = await cluster.install([basePhase()]);
    expect(second.summary.phases[0]).toMatchObject({ changed: 0, unchanged: 20, failed: 0 });
    expect(second.summary.phases[0]!.roundTrips).toEqual({ vm1: 1, vm2: 1, vm3: 1, vm4: 1, vm5: 1 });
    for (const host of cluster.hosts.values()) expect(host.execCount).toBe(1);
  });

  it('restarts a unit once when a file notifying it changes, not when nothing changed', async () => {
    const cluster = cluster5();
    await cluster.install([basePhase('1')]);
    const vm1 = cluster.host('vm1');
    vm1.executed.length = 0;
    const changed = await cluster.install([basePhase('2')]);
    expect(vm1.executed.filter((line) => line.includes("'restart'"))).toEqual(["systemctl 'restart' 'chrony.service'"]);
    expect(tasks(changed.events).filter((task) => task.host === 'vm1' && task.task === 'restart chrony.service')).toHaveLength(1);
    vm1.executed.length = 0;
    await cluster.install([basePhase('2')]);
    expect(vm1.executed.filter((line) => line.includes("'restart'"))).toEqual([]);
  });

  it('the first install starts the unit rather than restarting it', async () => {
    const cluster = cluster5();
    await cluster.install([basePhase()]);
    expect(cluster.host('vm2').executed.filter((line) => line.startsWith('systemctl'))).toEqual([
      "systemctl 'daemon-reload'",
      "systemctl 'enable' 'chrony.service'",
      "systemctl 'start' 'chrony.service'",
    ]);
  });

  it('a failing host stops there; the others finish the step; the run stops before the next phase', async () => {
    const cluster = cluster5();
    cluster.host('vm4').available.delete('chrony');
    const phase2: Phase = { id: 2, title: 'next', hosts: all, steps: [{ name: 'x', resources: () => [directory({ path: '/x' })] }] };
    const { summary, events } = await cluster.install([basePhase(), phase2]);
    expect(summary.ok).toBe(false);
    expect(summary.phases).toHaveLength(1);
    expect(summary.phases[0]!.failedHosts).toEqual([{ host: 'vm4', error: expect.stringContaining('vm4: install chrony failed (exit 100): E: Unable to locate package chrony'), hint: expect.any(String) }]);
    expect(cluster.host('vm5').installed.get('chrony')).toBe('4.5-1');
    // The phase stopped after the failed step: no host got the second step, no gate ran.
    expect(cluster.host('vm1').files.has('/etc/chrony/chrony.conf')).toBe(false);
    expect(events.some((event) => event.type === 'gate')).toBe(false);
    const state = JSON.parse(readFileSync(join(cluster.stateDir, 'state.json'), 'utf8'));
    expect(state.lastRun).toMatchObject({ ok: false, failedPhase: 1 });
  });

  it('--resume skips completed phases and continues where the run stopped', async () => {
    const cluster = cluster5();
    const phase2: Phase = { id: 2, title: 'two', hosts: all, steps: [{ name: 'marker', resources: () => [command({ name: 'make marker', run: 'mark', creates: '/marker' })] }] };
    for (const host of cluster.hosts.values()) host.commands.set('mark', (_a, fake) => void fake.putFile('/marker', ''));
    cluster.host('vm3').commands.set('mark', () => ({ code: 1, stderr: 'disk full' }));
    const failed = await cluster.install([basePhase(), phase2]);
    expect(failed.summary.phases.map((phase) => phase.status)).toEqual(['ok', 'failed']);
    cluster.host('vm3').commands.set('mark', (_a, fake) => void fake.putFile('/marker', ''));
    for (const host of cluster.hosts.values()) host.execCount = 0;
    const resumed = await cluster.install([basePhase(), phase2], { selection: { resume: true } });
    expect(resumed.summary).toMatchObject({ ok: true, skipped: [1] });
    expect(resumed.summary.phases.map((phase) => phase.id)).toEqual([2]);
    const state = JSON.parse(readFileSync(join(cluster.stateDir, 'state.json'), 'utf8'));
    expect(Object.keys(state.phases['2'])).toEqual(expect.arrayContaining(['vm1', 'vm3', 'vm5']));
    expect(state.phases['1'].vm1.inventoryHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a phase that fails on a re-run is no longer marked complete, so --resume runs it again', async () => {
    const cluster = cluster5();
    expect((await cluster.install([basePhase()])).summary.ok).toBe(true);
    cluster.host('vm5').installed.delete('chrony');
    cluster.host('vm5').available.delete('chrony');
    const failed = await cluster.install([basePhase()]);
    expect(failed.summary.ok).toBe(false);
    const state = JSON.parse(readFileSync(join(cluster.stateDir, 'state.json'), 'utf8'));
    expect(state.phases['1'] ?? {}).toEqual({});
    cluster.host('vm5').available.set('chrony', '4.5-1');
    const resumed = await cluster.install([basePhase()], { selection: { resume: true } });
    expect(resumed.summary).toMatchObject({ ok: true, skipped: [] });
    expect(cluster.host('vm5').installed.get('chrony')).toBe('4.5-1');
  });

  it('--phase 2 refuses when phase 1 has not completed; --only 2 runs it anyway', async () => {
    const cluster = cluster5();
    const phase2: Phase = { id: 2, title: 'two', hosts: all, steps: [{ name: 'x', resources: () => [directory({ path: '/x' })] }] };
    await expect(cluster.install([basePhase(), phase2], { selection: { phases: '2' } })).rejects.toMatchObject({ code: 'E_PHASE_ORDER' });
    const only = await cluster.install([basePhase(), phase2], { selection: { only: 2 } });
    expect(only.summary.ok).toBe(true);
    expect(cluster.host('vm1').dirs.has('/x')).toBe(true);
  });

  it('--hosts restricts every phase and rejects unknown names with a suggestion', async () => {
    const cluster = cluster5();
    const run = await cluster.install([basePhase()], { selection: { hosts: ['vm4', 'vm5'] } });
    expect(run.summary.phases[0]!.hosts).toEqual(['vm4', 'vm5']);
    expect(cluster.host('vm1').execCount).toBe(0);
    await expect(cluster.install([basePhase()], { selection: { hosts: ['vm6'] } })).rejects.toMatchObject({ code: 'E_HOST_UNKNOWN', hint: expect.stringMatching(/did you mean vm\d/) });
  });

  it('a failed health gate fails the phase with its evidence', async () => {
    const cluster = cluster5();
    const phase = { ...basePhase(), gate: { name: 'quorum', check: async () => ({ ok: false, evidence: ['etcd: 2 of 3 members healthy'] }) } };
    const { summary, events } = await cluster.install([phase]);
    expect(summary.ok).toBe(false);
    expect(events).toContainEqual({ type: 'gate', phase: 1, name: 'quorum', ok: false, evidence: ['etcd: 2 of 3 members healthy'] });
  });

  it('plan shows unified diffs and changes nothing', async () => {
    const cluster = cluster5();
    await cluster.install([basePhase('1')]);
    const before = cluster.host('vm1').fileText('/etc/chrony/chrony.conf');
    const mutations = () => cluster.host('vm1').executed.filter((line) => !/^dl_(mark|file|cat|dir|pkg|unit) /.test(line));
    const mutationsBefore = mutations().length;
    const { summary, events } = await cluster.plan([basePhase('2')]);
    expect(summary.dryRun).toBe(true);
    const change = tasks(events).find((task) => task.host === 'vm1' && task.task === 'file /etc/chrony/chrony.conf')!;
    expect(change.status).toBe('changed');
    expect(change.diff).toContain('-# v1');
    expect(change.diff).toContain('+# v2');
    expect(tasks(events).some((task) => task.task === 'restart chrony.service')).toBe(true);
    expect(cluster.host('vm1').fileText('/etc/chrony/chrony.conf')).toBe(before);
    expect(mutations()).toHaveLength(mutationsBefore);
    expect(cluster.host('vm1').uploads).toBe(2); // the first install's two files, nothing from the plan
  });

  it('logs every command per host with secrets redacted', async () => {
    const cluster = fakeCluster(['vm1']);
    const phase: Phase = {
      id: 1,
      title: 'secrets',
      hosts: all,
      steps: [{ name: 'db', resources: (_host, ctx) => [command({ name: 'set password', run: `psql -c "ALTER ROLE x PASSWORD '${ctx.secret('hunter2-very-secret')}'"`, creates: '/var/lib/pw-set' })] }],
    };
    cluster.host('vm1').commands.set(`psql -c "ALTER ROLE x PASSWORD 'hunter2-very-secret'"`, (_a, fake) => void fake.putFile('/var/lib/pw-set', ''));
    const { summary, events } = await cluster.install([phase]);
    const runs = readdirSync(join(cluster.stateDir, 'runs'));
    const log = readFileSync(join(cluster.stateDir, 'runs', runs[0]!, 'vm1.log'), 'utf8');
    expect(summary.ok).toBe(true);
    expect(log).toContain("PASSWORD '\\''***'\\''");
    expect(log).toContain('exit 0');
    expect(log).not.toContain('hunter2');
    expect(JSON.stringify(events)).not.toContain('hunter2');
    expect(summary.logDir).toContain(runs[0]);
  });

  it('refuses a second run while the lock is held, and names a stale lock', async () => {
    const cluster = cluster5();
    const release = acquireLock(cluster.stateDir, 'install');
    await expect(cluster.install([basePhase()])).rejects.toMatchObject({ code: 'E_LOCKED' });
    release();
    expect(existsSync(join(cluster.stateDir, 'lock'))).toBe(false);
    writeFileSync(join(cluster.stateDir, 'lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), startedAt: 'then', command: 'install' }));
    const error = await cluster.install([basePhase()]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatalypticaError);
    expect(error).toMatchObject({ code: 'E_LOCK_STALE', hint: expect.stringContaining('rm ') });
  });

  it('an unreachable host is one failed task naming it', async () => {
    const cluster = cluster5();
    const { ConnectionPool } = await import('../../src/ssh/pool.js');
    const pool = new ConnectionPool(async (name) => {
      if (name === 'vm2') throw new DatalypticaError('E_SSH_TIMEOUT', 'vm2 (198.18.0.11:22): no SSH answer within 10 s');
      return cluster.host(name);
    });
    const { summary, events } = await cluster.install([basePhase()], { pool });
    expect(summary.phases[0]!.failedHosts.map((entry) => entry.host)).toEqual(['vm2']);
    expect(tasks(events).find((task) => task.host === 'vm2')).toMatchObject({ task: 'connect', status: 'failed', detail: 'vm2 (198.18.0.11:22): no SSH answer within 10 s' });
  });
});
