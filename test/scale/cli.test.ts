import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scalePlanCommand } from '../../src/cli/commands/scale-plan.js';
import { CliIo } from '../../src/cli/io.js';
import { validateInventoryFile } from '../../src/inventory/validate.js';
import { bar } from '../../src/scale/render/chart.js';
import { renderReport } from '../../src/scale/render/report.js';
import { PLAIN_STYLE } from '../../src/scale/render/style.js';
import type { ScalePlan } from '../../src/scale/index.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(options: Record<string, unknown>) {
  const stdout = new Capture();
  const stderr = new Capture();
  const io = new CliIo({ json: options.json === true }, stdout as unknown as typeof process.stdout, stderr as unknown as typeof process.stderr);
  const code = await scalePlanCommand.run(io, { inventory: 'inventory.example.yaml', window: '7d', sampleSeconds: '5', ...options }, []);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('datalyptica scale-plan', () => {
  it('recommends the 10-VM tier for the loaded example and writes an inventory validate accepts', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scale-cli-')), 'next.yaml');
    const { code, stdout } = await run({ metrics: 'examples/metrics-loaded.yaml', write: file });
    expect(code).toBe(0);
    expect(stdout).toContain('Recommendation: grow to the 10-VM tier');
    expect(stdout).toMatch(/✗ sustained CPU above 80 % on data-plane host vm4/);
    expect(stdout).toContain('Migration order');
    expect(stdout).toContain('CapEx: +$145,000');
    expect(stdout).toContain(`Wrote the 10-VM inventory to ${file}`);
    expect((await validateInventoryFile(file)).errors).toEqual([]);
  });

  it('says the idle example fits, and for how long, with the whole plan in --json', async () => {
    const { code, stdout } = await run({ metrics: 'examples/metrics-idle.yaml', json: true });
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as ScalePlan;
    expect(plan.grow).toBe(false);
    expect(plan.triggers).toEqual([]);
    expect(plan.fits?.days).toBeGreaterThan(100);
    expect(plan.currentTier).toMatchObject({ vms: 5, hosts: 5, limitsAssumed: false });
    expect(plan.next?.tier).toBe(10);
    expect(plan.nextInventory?.hosts).toHaveLength(10);
  });

  it('applies threshold and workload flags, and rejects bad ones as usage errors', async () => {
    const { stdout } = await run({ metrics: 'examples/metrics-idle.yaml', json: true, cpuThreshold: '20', users: '50' });
    const plan = JSON.parse(stdout) as ScalePlan;
    expect(plan.triggers.map((trigger) => trigger.id)).toEqual(['cpu', 'cpu', 'users']);
    await expect(run({ metrics: 'examples/metrics-idle.yaml', cpuThreshold: '120' })).rejects.toMatchObject({ code: 'E_FLAGS', exitCode: 2 });
    await expect(run({ metrics: 'examples/metrics-idle.yaml', window: 'a week' })).rejects.toThrow('--window a week: expected a duration like 7d');
  });

  it('draws a bar per metric against its threshold', () => {
    expect(bar(50, 80, 10)).toBe('█████   │ ');
    expect(bar(100, 80, 4)).toBe('████');
    expect(bar(6.25, undefined, 2)).toBe('▏ ');
  });

  it('renders the chart only when asked (a TTY)', async () => {
    const { stdout } = await run({ metrics: 'examples/metrics-idle.yaml', json: true });
    const plan = JSON.parse(stdout) as ScalePlan;
    expect(renderReport(plan, { style: PLAIN_STYLE, chart: false })).not.toContain('(threshold 70 %)');
    expect(renderReport(plan, { style: PLAIN_STYLE, chart: true })).toContain('(threshold 70 %)');
  });
});
