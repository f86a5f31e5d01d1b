import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import type { PreflightReport } from '../../src/preflight/index.js';
import { describeLab, needRoot } from './preconditions.js';

/** `datalyptica check` against the real five-host lab (left up by 01-lab-up): every host passes, warnings allowed. */

const INVENTORY = 'lab/inventory.yaml';
const blocker = needRoot() ?? (existsSync(INVENTORY) ? undefined : 'the lab is not up: no lab/inventory.yaml (did 01-lab-up fail?)');

describeLab('check on the lab', blocker, () => {
  it('exits 0 with a table of every host and check', async () => {
    const result = await execa('node', ['bin/datalyptica.js', 'check', '-i', INVENTORY], { reject: false });
    expect(result.stderr).toBe('');
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^check\s+vm1\s+vm2\s+vm3\s+vm4\s+vm5$/);
  });

  it('reports JSON: no fail, every host reached as root with its addresses, clocks agree', async () => {
    const result = await execa('node', ['bin/datalyptica.js', 'check', '-i', INVENTORY, '--json'], { reject: false });
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as PreflightReport;
    expect(report.ok).toBe(true);
    expect(report.hosts).toEqual(['vm1', 'vm2', 'vm3', 'vm4', 'vm5']);
    expect(report.results.filter((r) => r.status === 'fail')).toEqual([]);
    for (const id of ['connect', 'os', 'addresses', 'sudo', 'clock', 'package-proxy']) {
      expect(report.results.filter((r) => r.check === id).map((r) => r.status), id).toEqual(Array(5).fill('pass'));
    }
    // Free on a fresh lab; held by our own services (a warning) once a later test installed them.
    expect(report.results.filter((r) => r.check === 'ports').every((r) => r.status !== 'fail')).toBe(true);
    expect(report.clock.provenSpreadSeconds).toBeLessThanOrEqual(0.1);
  });
});
