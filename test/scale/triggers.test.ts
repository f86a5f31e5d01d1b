import { describe, expect, it } from 'vitest';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import { assembleScalePlan, DEFAULT_THRESHOLDS, readMetricsFile, type ScalePlan, type Workload } from '../../src/scale/index.js';

const FIXTURES = 'test/fixtures/metrics';
const inventory = buildSpecInventory();

async function planFor(fixture: string, workload: Workload = {}, thresholds = DEFAULT_THRESHOLDS): Promise<ScalePlan> {
  return assembleScalePlan(inventory, await readMetricsFile(`${FIXTURES}/${fixture}.yaml`), workload, thresholds);
}

const fired = (plan: ScalePlan) => plan.triggers.map((trigger) => `${trigger.id}${trigger.host ? `@${trigger.host}` : ''}`);

describe('scale-plan triggers', () => {
  it('fires sustained CPU on a data-plane host, with the evidence, and not on the control plane', async () => {
    const plan = await planFor('cpu');
    expect(fired(plan)).toEqual(['cpu@vm4']);
    expect(plan.triggers[0]?.evidence.join(' ')).toContain('75 % of 4 samples');
    expect(plan.grow).toBe(true);
    expect(plan.next?.tier).toBe(10);
  });

  it('does not fire on CPU peaks, and the CPU threshold flag moves the line', async () => {
    expect(fired(await planFor('cpu-peaks'))).toEqual([]);
    expect(fired(await planFor('cpu-peaks', {}, { ...DEFAULT_THRESHOLDS, cpuPercent: 40 }))).toEqual(['cpu@vm5']);
  });

  it('fires memory pressure on OOM kills, on sustained PSI and on swapping', async () => {
    const oom = await planFor('memory-oom');
    expect(fired(oom)).toEqual(['memory-pressure@vm5']);
    expect(oom.triggers[0]?.evidence[0]).toBe('1 OOM kill in the window (threshold 1)');
    const psi = await planFor('memory-psi');
    expect(fired(psi)).toEqual(['memory-pressure@vm2']);
    expect(psi.triggers[0]?.evidence[0]).toContain('PSI memory some at or above 10 % in 67 % of samples');
    const swap = await planFor('memory-swap');
    expect(fired(swap)).toEqual(['memory-pressure@vm4']);
    expect(swap.triggers[0]?.evidence[0]).toContain('swapping out 1.75 MiB/s');
  });

  it('fires storage on the fullest mount above the threshold, with its trend', async () => {
    const plan = await planFor('storage');
    expect(fired(plan)).toEqual(['storage@vm3']);
    expect(plan.triggers[0]?.evidence).toEqual(['/data is 72.5 % full (threshold 70 %)', 'growing 2.25 points a day']);
    expect(fired(await planFor('storage', {}, { ...DEFAULT_THRESHOLDS, diskPercent: 60 }))).toEqual(['storage@vm3', 'storage@vm4']);
  });

  it("fires the spec's 5-VM capacity limits from workload figures (flags over the file's)", async () => {
    const plan = await planFor('idle', { users: 25, concurrentQueries: 101 });
    expect(fired(plan)).toEqual(['users', 'concurrent-queries']);
    expect(plan.triggers[0]?.evidence).toEqual(["25 users against the spec's 5-VM limit of about 10-20 users"]);
    expect(plan.workloadHeadroom.find((entry) => entry.key === 'ingestGBPerDay')).toEqual({ key: 'ingestGBPerDay', value: 20, range: [100, 500], headroom: 480 });
  });

  it('says the cluster fits, and for how long at the observed growth, when nothing fires', async () => {
    const plan = await planFor('idle');
    expect(plan.triggers).toEqual([]);
    expect(plan.grow).toBe(false);
    expect(plan.fits).toEqual({ days: 30, first: 'vm4 disk /data (40 % now, +1 points/day, threshold 70 %)' });
    // The next tier is still computed, for --write and for the "when it has to grow" hint.
    expect(plan.next?.tier).toBe(10);
  });

  it('gives no trend from a single sample', async () => {
    const plan = assembleScalePlan(inventory, { source: 'ssh', description: 'live', hosts: [{ host: 'vm1', samples: [{ at: 0, cpuPercent: 5, diskPercent: { '/': 10 } }] }], notes: [] }, {}, DEFAULT_THRESHOLDS);
    expect(plan.fits).toEqual({ reason: 'the samples span less than a day, so no growth trend is known' });
    expect(plan.source.notes).toEqual(['no metrics for vm2, vm3, vm4, vm5']);
  });

  it('refuses metrics for a host that is not in the inventory, in one line', async () => {
    await expect(planFor('unknown-host')).rejects.toThrow('test/fixtures/metrics/unknown-host.yaml: metrics for host vm9, which is not in the inventory');
  });

  it('reports the capacity of every host: measured use against the catalog budget', async () => {
    const plan = await planFor('cpu');
    const vm4 = plan.hosts.find((load) => load.host === 'vm4');
    expect(vm4).toMatchObject({ role: 'data', samples: 4, cpu: { median: 86.5, max: 92 }, disk: { mount: '/data', percent: 40 } });
    expect(vm4?.budget.memoryPercent).toBeGreaterThan(50);
    expect(plan.hosts.find((load) => load.host === 'vm2')?.samples).toBe(0);
  });
});
