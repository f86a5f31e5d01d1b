import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/cli/commands/validate.js';
import { CliIo } from '../../src/cli/io.js';
import { runMain } from '../doubles/main-run.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function runValidate(options: Record<string, unknown>) {
  const stdout = new Capture();
  const stderr = new Capture();
  const io = new CliIo({ json: options.json === true }, stdout as unknown as typeof process.stdout, stderr as unknown as typeof process.stderr);
  const code = await validateCommand.run(io, options, []);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('datalyptica validate output', () => {
  it('prints FILE:LINE:COL: severity: message (hint), then a summary; exit 1 on errors', async () => {
    const file = 'test/fixtures/invalid/E_SCHEMA_UNKNOWN_KEY/inventory.yaml';
    const { code, stdout } = await runValidate({ inventory: file });
    expect(code).toBe(1);
    expect(stdout.split('\n')).toEqual([
      `${file}:8:3: error: unknown key "prot" in ssh (did you mean "port"?)`,
      `${file}: 1 error`,
      '',
    ]);
  });

  it('exits 0 with warnings and says so in the summary', async () => {
    const file = 'test/fixtures/invalid/W_BELOW_MIN_SPEC/inventory.yaml';
    const { code, stdout } = await runValidate({ inventory: file });
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^${file}:21:24: warning: vm1: 8 vCPU is below`, 'm'));
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(`${file}: valid (1 warning)`);
  });

  it('--json prints { valid, errors, warnings } with line, col, code, message', async () => {
    const { code, stdout } = await runValidate({ inventory: 'test/fixtures/invalid/E_DUP_VIP/inventory.yaml', json: true });
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.valid).toBe(false);
    expect(report.warnings).toEqual([]);
    expect(report.errors).toEqual([expect.objectContaining({ line: 15, col: 10, code: 'E_DUP_VIP', message: expect.stringContaining('10.20.0.101') })]);
  });

  it('--show prints every host with its services and a budget line', async () => {
    const { code, stdout } = await runValidate({ inventory: 'test/fixtures/valid/spec-default.yaml', show: true });
    expect(code).toBe(0);
    for (const host of ['vm1', 'vm2', 'vm3', 'vm4', 'vm5']) expect(stdout).toMatch(new RegExp(`^${host} \\(`, 'm'));
    expect(stdout.match(/^ {2}budget: memory .* of .* OS reserve\) = [\d.]+% ok; CPU [\d.]+ of \d+ vCPU/gm)).toHaveLength(5);
    expect(stdout).toMatch(/^ {2}postgresql +5432 +16 GiB +4$/m);
  });

  it('--show --json adds the per-host budget', async () => {
    const { stdout } = await runValidate({ inventory: 'test/fixtures/valid/spec-default.yaml', show: true, json: true });
    const report = JSON.parse(stdout);
    expect(report.topology.map((host: { host: string }) => host.host)).toEqual(['vm1', 'vm2', 'vm3', 'vm4', 'vm5']);
  });

  it('exits 2 for a missing file and reads ./inventory.yaml by default, through main', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-validate-'));
    const missing = await runMain(['validate', '-i', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/nope\.yaml: no such file \(create one with/);

    writeFileSync(join(dir, 'inventory.yaml'), '');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const empty = await runMain(['validate']);
      expect(empty.code).toBe(1);
      expect(empty.output).toMatch(/^\.\/inventory\.yaml:1:1: error: the file is empty/m);
    } finally {
      process.chdir(cwd);
    }
  });
});
