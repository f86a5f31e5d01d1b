import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import type { CoreEvent } from '../../src/core/events.js';
import type { EngineOptions } from '../../src/engine/engine.js';
import type { GateContext, Phase, RollingRollout } from '../../src/engine/phase.js';
import { file, systemdUnit } from '../../src/engine/resources/index.js';
import { nullRunLog } from '../../src/engine/run-log.js';
import { fakeCluster, tasks } from './helpers.js';

const RESTART = "systemctl 'restart' 'etcd.service'";
const HEALTH = 'etcdctl endpoint health';
/** A restarted member answers its probe this long after the restart (the probe polls every 1 s). */
const STARTUP_MS = 1_500;

/**
 * Fake etcd members: a member is healthy when its unit runs, it finished starting and it is not
 * broken. Restarts and probes of every host go to one timeline, so the order across hosts shows.
 */
function etcdCluster(names: string[]) {
  const cluster = fakeCluster(names);
  let now = Date.parse('2025-01-01T00:00:00Z');
  const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
  const timeline: string[] = [];
  const readyAt = new Map<string, number>();
  const broken = new Set<string>();
  const healthy = (name: string) => cluster.host(name).units.get('etcd.service')?.active === true && now >= (readyAt.get(name) ?? 0) && !broken.has(name);
  /** The fewest other members serving while one restarted. */
  let minServing = Infinity;
  for (const [name, host] of cluster.hosts) {
    host.overrides.set(RESTART, (_args, fake) => {
      minServing = Math.min(minServing, names.filter((other) => other !== name && healthy(other)).length);
      timeline.push(`restart ${name}`);
      fake.units.set('etcd.service', { enabled: true, active: true });
      readyAt.set(name, now + STARTUP_MS);
    });
    host.commands.set(HEALTH, () => {
      timeline.push(`probe ${name}`);
      return healthy(name) ? { stdout: `${name}: healthy\n` } : { code: 1, stderr: `${name}: connection refused\n` };
    });
  }
  const ready = async (host: string, ctx: GateContext) => {
    const result = await ctx.exec(host, HEALTH);
    return { ok: result.code === 0, evidence: [(result.stdout || result.stderr).trim()] };
  };
  const phase = (version: string, rollout: Partial<RollingRollout> = {}): Phase => ({
    id: 2,
    title: 'coordination',
    hosts: (inventory) => inventory.hosts.map((host) => host.name),
    steps: [
      {
        name: 'etcd',
        rollout: { mode: 'rolling', ready, ...rollout },
        resources: () => [
          file({ path: '/etc/etcd/etcd.conf', content: `# v${version}\n`, notifies: 'etcd.service' }),
          systemdUnit({ name: 'etcd.service', content: '[Service]\nExecStart=/usr/bin/etcd\n' }),
        ],
      },
    ],
  });
  return {
    cluster,
    clock,
    timeline,
    broken,
    minServing: () => minServing,
    install: (version: string, rollout: Partial<RollingRollout> = {}, extra: Partial<EngineOptions> = {}) => cluster.install([phase(version, rollout)], { clock, runLog: nullRunLog, ...extra }),
    plan: (version: string) => cluster.plan([phase(version)], { clock, runLog: nullRunLog }),
  };
}

/** The timeline after the probe of every member that decides between bootstrap and rolling. */
function afterFirstProbes(timeline: string[], members: number): string[] {
  expect(timeline.slice(0, members).every((entry) => entry.startsWith('probe '))).toBe(true);
  return timeline.slice(members);
}

/** Consecutive restarts grouped, each group sorted: the batches as the hosts saw them. */
function restartBatches(timeline: string[]): string[][] {
  const batches: string[][] = [];
  let previous = '';
  for (const entry of timeline) {
    if (entry.startsWith('restart ')) {
      if (!previous.startsWith('restart ')) batches.push([]);
      batches[batches.length - 1]!.push(entry.slice('restart '.length));
    }
    previous = entry;
  }
  return batches.map((batch) => batch.sort());
}

const rollouts = (events: CoreEvent[]) => events.flatMap((event) => (event.type === 'rollout' ? [`${event.stage} ${event.host}`] : []));

describe('rolling steps', () => {
  it('a config change on a converged cluster restarts one member at a time, probing it before the next', async () => {
    const etcd = etcdCluster(['vm1', 'vm2', 'vm3']);
    expect((await etcd.install('1')).summary.ok).toBe(true);
    etcd.timeline.length = 0;

    const { summary, events } = await etcd.install('2');

    expect(summary.ok).toBe(true);
    // Probed at 0 s and 1 s (still starting), then ready at 2 s.
    expect(afterFirstProbes(etcd.timeline, 3)).toEqual(['vm1', 'vm2', 'vm3'].flatMap((host) => [`restart ${host}`, `probe ${host}`, `probe ${host}`, `probe ${host}`]));
    expect(etcd.minServing()).toBe(2);
    expect(rollouts(events)).toEqual(['waiting vm1', 'ready vm1', 'waiting vm2', 'ready vm2', 'waiting vm3', 'ready vm3']);
    for (const host of etcd.cluster.hosts.values()) expect(host.fileText('/etc/etcd/etcd.conf')).toBe('# v2\n');
  });

  it('a new cluster (no member ready before the step) starts all members together', async () => {
    const etcd = etcdCluster(['vm1', 'vm2', 'vm3']);

    const { summary, events } = await etcd.install('1');

    expect(summary.ok).toBe(true);
    // Each member was probed once, before the step; none was waited for.
    expect(etcd.timeline.sort()).toEqual(['probe vm1', 'probe vm2', 'probe vm3']);
    expect(rollouts(events)).toEqual([]);
    const starts = events.flatMap((event, index) => (event.type === 'step-start' ? [index] : []));
    const firstEnd = events.findIndex((event) => event.type === 'step-end');
    expect(starts).toHaveLength(3);
    expect(Math.max(...starts)).toBeLessThan(firstEnd);
    for (const host of etcd.cluster.hosts.values()) expect(host.units.get('etcd.service')).toEqual({ enabled: true, active: true });
  });

  it('a member that never becomes ready stops the rollout with its evidence; later members are untouched', async () => {
    const etcd = etcdCluster(['vm1', 'vm2', 'vm3']);
    await etcd.install('1');
    etcd.cluster.host('vm2').overrides.set(RESTART, () => void etcd.broken.add('vm2'));
    const started = etcd.clock.now();

    const { summary, events } = await etcd.install('2', { waitMs: 10_000 });

    expect(summary.ok).toBe(false);
    expect(summary.phases[0]!.failedHosts).toEqual([
      { host: 'vm2', error: 'vm2: etcd did not pass its health probe within 10 s of its change: vm2: connection refused', hint: expect.stringContaining('other members were not changed') },
    ]);
    expect(etcd.clock.now() - started).toBeGreaterThanOrEqual(10_000);
    expect(rollouts(events)).toEqual(['waiting vm1', 'ready vm1', 'waiting vm2', 'failed vm2']);
    expect(tasks(events).filter((task) => task.host === 'vm3')).toEqual([expect.objectContaining({ task: 'rollout', status: 'skipped', detail: 'not started: the rollout stopped at vm2' })]);
    expect(etcd.cluster.host('vm1').fileText('/etc/etcd/etcd.conf')).toBe('# v2\n');
    expect(etcd.cluster.host('vm3').fileText('/etc/etcd/etcd.conf')).toBe('# v1\n');
    expect(etcd.cluster.host('vm3').executed).not.toContain(RESTART);
  });

  it('no pending change costs no probe and no extra round trip', async () => {
    const etcd = etcdCluster(['vm1', 'vm2', 'vm3']);
    await etcd.install('1');
    etcd.timeline.length = 0;
    for (const host of etcd.cluster.hosts.values()) host.execCount = 0;

    const { summary, events } = await etcd.install('1');

    expect(summary.phases[0]).toMatchObject({ status: 'ok', changed: 0, roundTrips: { vm1: 1, vm2: 1, vm3: 1 } });
    expect(etcd.timeline).toEqual([]);
    expect(rollouts(events)).toEqual([]);
    for (const host of etcd.cluster.hosts.values()) expect(host.execCount).toBe(1);
  });

  it('batchSize 2 over 4 members restarts two at a time, probing both before the next two', async () => {
    const etcd = etcdCluster(['vm1', 'vm2', 'vm3', 'vm4']);
    await etcd.install('1');
    etcd.timeline.length = 0;

    const { summary, events } = await etcd.install('2', { batchSize: 2 });

    expect(summary.ok).toBe(true);
    const timeline = afterFirstProbes(etcd.timeline, 4);
    expect(restartBatches(timeline)).toEqual([
      ['vm1', 'vm2'],
      ['vm3', 'vm4'],
    ]);
    const between = timeline.slice(timeline.lastIndexOf('restart vm2') + 1, timeline.indexOf('restart vm3'));
    expect(new Set(between)).toEqual(new Set(['probe vm1', 'probe vm2']));
    expect(rollouts(events).slice(0, 4).sort()).toEqual(['ready vm1', 'ready vm2', 'waiting vm1', 'waiting vm2']);
    expect(etcd.minServing()).toBe(2);
  });

  it('changes a member that is already down first, so serving members wait for it', async () => {
    const etcd = etcdCluster(['vm1', 'vm2', 'vm3']);
    await etcd.install('1');
    etcd.cluster.host('vm3').units.set('etcd.service', { enabled: true, active: false });
    etcd.timeline.length = 0;

    const { summary } = await etcd.install('2');

    expect(summary.ok).toBe(true);
    // vm3's unit was stopped, so the unit resource starts it rather than restarting it.
    expect(afterFirstProbes(etcd.timeline, 3)).toEqual(['probe vm3', 'restart vm1', 'probe vm1', 'probe vm1', 'probe vm1', 'restart vm2', 'probe vm2', 'probe vm2', 'probe vm2']);
  });

  it('does not start a rolling change while a member cannot be reached', async () => {
    const etcd = etcdCluster(['vm1', 'vm2', 'vm3']);
    await etcd.install('1');
    etcd.timeline.length = 0;
    const { ConnectionPool } = await import('../../src/ssh/pool.js');
    const pool = new ConnectionPool(async (name) => {
      if (name === 'vm3') throw new Error('no route to host');
      return etcd.cluster.host(name);
    });

    const { summary, events } = await etcd.install('2', {}, { pool });

    expect(summary.ok).toBe(false);
    expect(etcd.timeline.filter((entry) => entry.startsWith('restart '))).toEqual([]);
    expect(tasks(events).filter((task) => task.status === 'skipped').map((task) => task.host)).toEqual(['vm1', 'vm2']);
  });

  it('plan neither probes nor waits', async () => {
    const etcd = etcdCluster(['vm1', 'vm2', 'vm3']);
    await etcd.install('1');
    etcd.timeline.length = 0;
    const { summary } = await etcd.plan('2');
    expect(summary.phases[0]!.changed).toBeGreaterThan(0);
    expect(etcd.timeline).toEqual([]);
  });
});
