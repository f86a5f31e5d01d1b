import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import type { ScalePlan } from '../../src/scale/index.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * Samples the real lab hosts over SSH (no Prometheus answers there unless phase 10 ran; then
 * it is queried instead) and expects the idle lab to fit its tier.
 */
const INVENTORY = 'lab/inventory.yaml';
const blocker = needRoot() ?? (existsSync(INVENTORY) ? undefined : 'the lab is not up: no lab/inventory.yaml (did 01-lab-up fail?)');

describeLab('scale-plan on the lab', blocker, () => {
  it('samples every lab host and says the idle cluster fits', async () => {
    const result = await execa('node', ['bin/datalyptica.js', 'scale-plan', '-i', INVENTORY, '--json', '--sample-seconds', '3'], { reject: false });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const plan = JSON.parse(String(result.stdout)) as ScalePlan;
    expect(['ssh', 'prometheus']).toContain(plan.source.kind);
    expect(plan.hosts.map((host) => host.host)).toEqual(['vm1', 'vm2', 'vm3', 'vm4', 'vm5']);
    for (const host of plan.hosts) {
      expect(host.samples, `${host.host}: ${plan.source.notes.join('; ')}`).toBeGreaterThan(0);
      expect(host.cpu?.median, host.host).toBeGreaterThanOrEqual(0);
      expect(host.disk?.percent, host.host).toBeGreaterThan(0);
    }
    expect(plan.triggers).toEqual([]);
    expect(plan.grow).toBe(false);
    expect(plan.fits).toBeDefined();
    expect(plan.next?.tier).toBe(10);
  });
});
