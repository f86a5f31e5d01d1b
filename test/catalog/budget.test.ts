import { describe, expect, it } from 'vitest';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import { hostBudget } from '../../src/catalog/index.js';
import { labInventory } from './inventories.js';

describe('hostBudget', () => {
  it("fits the spec's five recommended hosts with room to spare (REVIEW.md memory)", () => {
    for (const host of hostBudget(buildSpecInventory())) {
      expect(host.memory.level, host.host).toBe('ok');
      expect(host.cpu.used, host.host).toBeLessThanOrEqual(host.cpu.vcpu);
    }
  });

  it("fits the spec's minimum hosts", () => {
    for (const host of hostBudget(buildSpecInventory({ sizing: 'minimum' }))) expect(host.memory.level, host.host).toBe('ok');
  });

  it('fits a lab of 4 GiB hosts thanks to the floors (a warning at most)', () => {
    for (const host of hostBudget(labInventory())) {
      expect(host.memory.availableMiB, host.host).toBe(3584);
      expect(host.memory.usedMiB, host.host).toBeLessThanOrEqual(3584);
      expect(host.memory.level, host.host).not.toBe('error');
      for (const row of host.rows) expect(row.memoryMiB, `${host.host} ${row.service}`).toBeGreaterThanOrEqual(16);
    }
  });

  it('reports rows and totals per host', () => {
    const [vm1] = hostBudget(buildSpecInventory());
    expect(vm1?.host).toBe('vm1');
    expect(vm1?.role).toBe('control');
    const kafka = vm1?.rows.find((row) => row.service === 'kafka');
    expect(kafka).toMatchObject({ instance: 0, memoryMiB: 16384, cpu: 8 });
    expect(kafka?.ports.map((p) => p.port)).toEqual([9092, 19093, 9404]);
    expect(vm1?.memory.totalMiB).toBe(131072);
    expect(vm1?.memory.osReserveMiB).toBe(6554);
    expect(vm1?.memory.availableMiB).toBe(131072 - 6554);
    expect(vm1?.memory.usedMiB).toBe(vm1?.rows.reduce((sum, row) => sum + row.memoryMiB, 0));
    expect(vm1?.memory.percent).toBeCloseTo((100 * (vm1?.memory.usedMiB ?? 0)) / (vm1?.memory.availableMiB ?? 1), 1);
  });

  it('reports an error when the placed memory exceeds the host', () => {
    const inventory = buildSpecInventory();
    inventory.services = { clickhouse: { memoryMiB: 250 * 1024 } };
    const vm4 = hostBudget(inventory).find((host) => host.host === 'vm4');
    expect(vm4?.memory.level).toBe('error');
    expect(vm4?.memory.percent).toBeGreaterThan(100);
  });
});
