import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatalypticaError } from '../../src/core/errors.js';
import { nodeFileSystem, writeFileAtomic } from '../../src/core/fs.js';
import { runInit } from '../../src/inventory/init.js';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import { inventoryToYaml } from '../../src/inventory/layout-yaml.js';
import { ScriptedPrompter } from './fake-prompter.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datalyptica-init-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<DatalypticaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatalypticaError);
  return error as DatalypticaError;
}

describe('runInit', () => {
  it('--defaults writes the spec layout without asking', async () => {
    const output = join(dir, 'inventory.yaml');
    const result = await runInit({ output, defaults: true, force: false }, { fs: nodeFileSystem });
    expect(result).toMatchObject({ path: output, replaced: false, validation: { valid: true, errors: [] } });
    expect(await readFile(output, 'utf8')).toBe(inventoryToYaml(buildSpecInventory(), { comments: true }));
    expect((await stat(output)).mode & 0o777).toBe(0o644);
  });

  it('refuses to ask without a terminal unless --defaults is given (exit 2)', async () => {
    const error = await failure(runInit({ output: join(dir, 'inventory.yaml'), defaults: false, force: false }, { fs: nodeFileSystem }));
    expect(error.exitCode).toBe(2);
    expect(error.hint).toMatch(/--defaults/);
  });

  it('never overwrites a file without --force, and asks nothing before refusing', async () => {
    const output = join(dir, 'inventory.yaml');
    await writeFile(output, 'mine: true\n');
    const prompter = new ScriptedPrompter();
    const error = await failure(runInit({ output, defaults: false, force: false }, { fs: nodeFileSystem, prompter }));
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`init: ${output} already exists`);
    expect(error.hint).toMatch(/--force/);
    expect(prompter.asked).toEqual([]);
    expect(await readFile(output, 'utf8')).toBe('mine: true\n');
  });

  it('--force replaces the file and keeps the old one as FILE.bak', async () => {
    const output = join(dir, 'inventory.yaml');
    await writeFile(output, 'mine: true\n');
    const result = await runInit({ output, defaults: true, force: true }, { fs: nodeFileSystem });
    expect(result.replaced).toBe(true);
    expect(await readFile(`${output}.bak`, 'utf8')).toBe('mine: true\n');
    expect(await readFile(output, 'utf8')).toContain('apiVersion: datalyptica/v1');
  });
});

describe('writeFileAtomic', () => {
  it('writes with the exact mode, keeps FILE.bak with the old mode, leaves no temp files', async () => {
    const file = join(dir, 'secrets.yaml');
    await writeFileAtomic(file, 'v1\n', { mode: 0o600 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await writeFileAtomic(file, 'v2\n', { mode: 0o640 });
    expect(await readFile(file, 'utf8')).toBe('v2\n');
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('v1\n');
    expect((await stat(`${file}.bak`)).mode & 0o777).toBe(0o600);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect((await readdir(dir)).sort()).toEqual(['secrets.yaml', 'secrets.yaml.bak']);
  });

  it('can skip the backup and creates missing directories', async () => {
    const file = join(dir, 'state', 'nested', 'file.json');
    await writeFileAtomic(file, '{}');
    await writeFileAtomic(file, '{"a":1}', { backup: false });
    expect(await readdir(join(dir, 'state', 'nested'))).toEqual(['file.json']);
  });

  it('reports a failure as a DatalypticaError and cleans up', async () => {
    await writeFile(join(dir, 'blocker'), 'a file, not a directory');
    const error = await failure(writeFileAtomic(join(dir, 'blocker', 'x.yaml'), 'x'));
    expect(error.message).toMatch(/^cannot write .*blocker\/x\.yaml: /);
    expect(await readdir(dir)).toEqual(['blocker']);
  });
});
