import { describe, expect, it } from 'vitest';
import { CliIo } from '../../src/cli/io.js';
import { statusText } from '../../src/cli/render/status.js';
import { healthOf } from '../../phases/registry.js';
import { collectStatus, withLastAnswers, type ClusterStatus } from '../../src/status/index.js';
import { labInventory } from '../config/lab-inventory.js';
import { cluster, HEALTHY } from './cluster-states.js';
import { FakeStatusPool, type FakeHost } from './fake-cluster.js';

const plainIo = new CliIo({}, { isTTY: false } as typeof process.stdout, process.stderr);
const collect = (hosts: Record<string, FakeHost>) => collectStatus(labInventory(), new FakeStatusPool(hosts), { health: healthOf, deadlineMs: 300 });
const vm3 = (status: ClusterStatus) => status.hosts.find((host) => host.name === 'vm3')!;

describe('status --watch', () => {
  it('keeps the last answer of a host that went slow on screen, marked with its time; the verdict is this round’s', async () => {
    const first = await collect(cluster(HEALTHY));
    const second = withLastAnswers(await collect(cluster(HEALTHY, { vm3: 'hung' })), first);
    expect(vm3(second).lastAnswer).toEqual({ checkedAt: first.checkedAt, services: vm3(first).services });
    expect(vm3(second).services.every((service) => service.health === 'unknown')).toBe(true);
    expect(second.verdict).toBe('unknown');

    const lines = statusText(plainIo, second).split('\n');
    const at = new Date(first.checkedAt).toTimeString().slice(0, 8);
    expect(lines).toContain('vm3   unknown: vm3: no answer within 300 ms');
    expect(lines).toContain(`vm3   last answer, at ${at}:`);
    expect(lines).toContain('vm3   etcd         active   2379 2380       ok      follower · term 3 · version 3.4.23');
    expect(lines.at(-1)).toMatch(/^cluster lab: unknown \(5 hosts in \d+\.\d\d s; no answer in time: vm3\)$/);

    // Still silent a round later: the answer shown is still the last real one.
    const third = withLastAnswers(await collect(cluster(HEALTHY, { vm3: 'hung' })), second);
    expect(vm3(third).lastAnswer!.checkedAt).toBe(first.checkedAt);
  });

  it('keeps no old answer for a host that is unreachable or answered again', async () => {
    const first = await collect(cluster(HEALTHY));
    expect(vm3(withLastAnswers(await collect(cluster(HEALTHY, { vm3: 'off' })), first)).lastAnswer).toBeUndefined();
    expect(vm3(withLastAnswers(await collect(cluster(HEALTHY)), first)).lastAnswer).toBeUndefined();
  });
});
