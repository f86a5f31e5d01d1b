import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Runs the built CLI (`npm run build` first) the way a user or a CI job without a TTY would. */
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'datalyptica.js');
const run = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

let dir: string;
beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'src', 'cli', 'commands', 'init.js'))) throw new Error('run `npm run build` before this test');
  dir = await mkdtemp(join(tmpdir(), 'datalyptica-init-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('datalyptica init (no TTY)', () => {
  it('--defaults writes the example layout', async () => {
    const output = join(dir, 'inventory.yaml');
    const result = await run('init', '--defaults', '-o', output);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`wrote ${output}`);
    expect(await readFile(output, 'utf8')).toBe(await readFile(join(root, 'inventory.example.yaml'), 'utf8'));
  });

  it('without --defaults says to pass it and exits 2', async () => {
    const result = await run('init', '-o', join(dir, 'other.yaml'));
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/pass --defaults/);
    expect(existsSync(join(dir, 'other.yaml'))).toBe(false);
  });

  it('refuses to overwrite without --force (exit 1, one line) and replaces with it', async () => {
    const output = join(dir, 'existing.yaml');
    await writeFile(output, 'mine: true\n');
    const refused = await run('init', '--defaults', '-o', output);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/already exists.*--force/);
    const forced = await run('init', '--defaults', '--force', '-o', output);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(`${output}.bak`, 'utf8')).toBe('mine: true\n');
  });
});
