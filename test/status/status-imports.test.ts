import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * What the built CLI's `status` loads on its usual path (the inventory unchanged since the last
 * run): the cached inventory instead of YAML, the schema and the rules, and no SSH wrapper
 * library. Seen from a module loader hook (ESM) and require's cache (CJS) in the spawned process.
 * Speed itself is measured by `npm run bench -- --only startup`, not here.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'datalyptica.js');

const HOOKS = `export async function load(url, context, next) { process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); }`;
const REPORT_CJS = `import { createRequire } from 'node:module'; process.on('exit', () => { for (const file of Object.keys(createRequire(import.meta.url).cache)) process.stderr.write('LOADED file://' + file + '\\n'); });`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)}); ${REPORT_CJS}`;

/** The example inventory on addresses nothing answers on here, with a key that does not exist: every host fails fast. */
function silentCluster(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dl-status-imports-'));
  mkdirSync(join(dir, '.datalyptica'));
  const example = readFileSync(join(root, 'inventory.example.yaml'), 'utf8');
  const text = example
    .replaceAll('10.10.0.', '198.18.250.')
    .replaceAll('10.20.0.', '198.18.251.')
    .replaceAll('10.30.0.', '198.18.252.')
    .replace(/privateKey: .*/, `privateKey: ${join(dir, 'no-such-key')}`);
  const file = join(dir, 'inventory.yaml');
  writeFileSync(file, text);
  return file;
}

/** The npm packages and the repository's files `status` loaded, and its exit code. */
async function statusRun(inventory: string): Promise<{ code: number; packages: string[]; files: string[] }> {
  const argv = ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, bin, 'status', '-i', inventory, '--timeout', '3'];
  const result = await promisify(execFile)(process.execPath, argv, { cwd: root, env: { ...process.env, NO_COLOR: '1' } }).then(
    (done) => ({ ...done, code: 0 }),
    (error: { stderr: string; code: number }) => error,
  );
  const files = [...new Set(result.stderr.split('\n').flatMap((line) => (line.startsWith('LOADED file://') ? [line.slice('LOADED file://'.length)] : [])))];
  const packages = [...new Set(files.flatMap((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1] ?? []))].sort();
  return { code: result.code, packages, files: files.map((file) => file.replace(root, '')) };
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('run `npm run build` before this test');
});

describe('what status loads', { timeout: 60_000 }, () => {
  it('validates the first time, then loads neither YAML nor the schema or the rules', async () => {
    const inventory = silentCluster();
    const first = await statusRun(inventory);
    expect(first.code).toBe(3); // no host could be asked (no key): unknown, never a verdict it cannot back
    expect(first.packages).toContain('yaml');
    const again = await statusRun(inventory);
    expect(again.code).toBe(3);
    // Modules' clients (a static import of the Kafka client once cost every status 4 s) load in their gates and failover rows only.
    for (const heavy of ['yaml', 'ajv', 'node-ssh', 'listr2', 'pg', 'execa', 'diff', '@platformatic/kafka']) expect(again.packages).not.toContain(heavy);
    expect(again.files.filter((file) => file.startsWith('dist/src/inventory/'))).toEqual(['dist/src/inventory/load-cached.js']);
  });
});
