import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haGroups, placeServices } from '../../src/catalog/index.js';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import type { Inventory } from '../../src/inventory/model.js';
import { validateInventoryFile } from '../../src/inventory/validate.js';
import { assembleScalePlan, DEFAULT_THRESHOLDS, writeNextInventory, type ScalePlan } from '../../src/scale/index.js';

const NO_ENV = { env: { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }, home: '/nonexistent-home', fileExists: () => true };
const quiet = { source: 'file' as const, description: 'none', hosts: [], notes: [] };

function planFrom(inventory: Inventory): ScalePlan {
  return assembleScalePlan(inventory, quiet, {}, DEFAULT_THRESHOLDS, { nextInventoryFile: 'next.yaml' });
}

/** 5 -> 10 -> 20 -> 50: each written inventory is the next plan's input, as a user would grow. */
async function growAll(start: Inventory): Promise<Array<{ tier: number; file: string; plan: ScalePlan }>> {
  const dir = await mkdtemp(join(tmpdir(), 'scale-'));
  const steps: Array<{ tier: number; file: string; plan: ScalePlan }> = [];
  let inventory = start;
  for (;;) {
    const plan = planFrom(inventory);
    if (!plan.next || !plan.nextInventory) return steps;
    const file = join(dir, `tier-${plan.next.tier}.yaml`);
    await writeNextInventory(plan, file);
    steps.push({ tier: plan.next.tier, file, plan });
    inventory = plan.nextInventory;
  }
}

describe('scale-plan tiers', () => {
  it('writes 10-, 20- and 50-VM inventories that validate accepts with no errors or warnings', async () => {
    const steps = await growAll(buildSpecInventory());
    expect(steps.map((step) => step.tier)).toEqual([10, 20, 50]);
    for (const step of steps) {
      const result = await validateInventoryFile(step.file, NO_ENV);
      expect(result.errors, step.file).toEqual([]);
      expect(result.warnings, step.file).toEqual([]);
      expect(result.inventory?.hosts).toHaveLength(step.tier);
      // Only vm1..vm5 have catalog defaults: every host lists its services.
      expect(result.inventory?.hosts.every((host) => host.services !== undefined)).toBe(true);
    }
  });

  it('keeps quorums odd and at least 3 in every tier, and runs every service somewhere', async () => {
    for (const step of await growAll(buildSpecInventory())) {
      const placed = placeServices(step.plan.nextInventory!);
      for (const group of haGroups(placed)) expect(group.quorumOk, `${group.group.name} at ${step.tier}`).toBe(true);
      expect(new Set(placed.map((instance) => instance.service.id)).size, `services at ${step.tier}`).toBe(new Set(placeServices(buildSpecInventory()).map((p) => p.service.id)).size);
    }
  });

  it('grows incrementally: vm1..vm5 keep names and addresses, new hosts are vm6.. on free addresses', async () => {
    const [ten] = await growAll(buildSpecInventory());
    const hosts = ten!.plan.nextInventory!.hosts;
    expect(hosts.map((host) => host.name)).toEqual(['vm1', 'vm2', 'vm3', 'vm4', 'vm5', 'vm6', 'vm7', 'vm8', 'vm9', 'vm10']);
    expect(hosts[3]?.addresses.application).toBe('10.20.0.21');
    expect(hosts[5]?.addresses).toEqual({ management: '10.10.0.26', application: '10.20.0.26', storage: '10.30.0.26' });
    expect(ten!.plan.next!.newHosts.map((host) => host.name)).toEqual(['vm6', 'vm7', 'vm8', 'vm9', 'vm10']);
    // The spec's 10-VM step: monitoring on its own VM, Trino and ClickHouse off the processing hosts.
    const services = (name: string) => hosts.find((host) => host.name === name)?.services?.map((entry) => (typeof entry === 'string' ? entry : entry.service));
    expect(services('vm10')).toEqual(expect.arrayContaining(['prometheus', 'grafana', 'loki', 'alertmanager']));
    expect(services('vm4')).not.toContain('trino-coordinator');
    expect(services('vm1')).not.toContain('prometheus');
  });

  it('gives the migration order, the moves with their downtime and the cost delta', async () => {
    const [ten] = await growAll(buildSpecInventory());
    const next = ten!.plan.next!;
    expect(next.migration[0]?.title).toBe('Provision 5 new VMs');
    expect(next.migration[1]?.actions).toContain('datalyptica install -i next.yaml --phase 1 --hosts vm6,vm7,vm8,vm9,vm10');
    expect(next.migration.map((step) => step.title)).toEqual(expect.arrayContaining(['Phase 7, query (Trino, ClickHouse)', 'Phase 10, monitoring']));
    expect(next.moves.find((move) => move.service === 'clickhouse')).toMatchObject({ from: ['vm4', 'vm5'], to: ['vm6', 'vm7'], downtimeMinutes: 0 });
    expect(next.moves.find((move) => move.service === 'trino-coordinator')).toMatchObject({ from: ['vm4'], to: ['vm6'], downtimeMinutes: 5 });
    // 4 data-plane VMs at $25,000 and 1 control-plane VM at $15,000, plus $6,000 of network each.
    expect(next.cost.capexDelta).toBe(4 * 25_000 + 15_000 + 5 * 6_000);
    expect(next.cost.opexDeltaPerYear).toBe(5 * (2_400 + 2_000 + 4_000));
  });

  it('sizes workers to the hosts it keeps, so a lab of 4 GiB hosts grows into a valid inventory', async () => {
    const lab = buildSpecInventory({
      networks: { management: '198.18.0.0/24', application: '198.18.1.0/24', storage: '198.18.2.0/24' },
      sizing: { control: { vcpu: 2, memoryGiB: 4, diskGiB: 20 }, data: { vcpu: 2, memoryGiB: 4, diskGiB: 20 } },
      objectStorage: false,
      nfs: false,
      externalVip: false,
    });
    const [ten] = await growAll(lab);
    const result = await validateInventoryFile(ten!.file, NO_ENV);
    expect(result.errors).toEqual([]);
    expect(await readFile(ten!.file, 'utf8')).toContain('# The 10-VM tier of cluster datalyptica');
  });

  it('has no next tier at 50 VMs and refuses to write one', async () => {
    const steps = await growAll(buildSpecInventory());
    const fifty = planFrom(steps.at(-1)!.plan.nextInventory!);
    expect(fifty.currentTier.vms).toBe(50);
    expect(fifty.next).toBeUndefined();
    await expect(writeNextInventory(fifty, '/tmp/never.yaml')).rejects.toThrow('the end of the spec');
  });
});
