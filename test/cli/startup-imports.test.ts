import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * What the built CLI imports, seen from a module loader hook in the spawned process: start-up
 * cost is the modules loaded, so this pins which ones each kind of invocation may load.
 * Speed itself is measured by `npm run bench -- --only startup`, not here.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'datalyptica.js');

const HOOKS = `export async function load(url, context, next) { process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); }`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/** Every file the CLI loaded, relative to the repository (node: builtins left out). */
async function loadedFiles(...args: string[]): Promise<string[]> {
  const options = { cwd: root, env: { ...process.env, NO_COLOR: '1' } };
  const argv = ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, bin, ...args];
  const { stderr } = await promisify(execFile)(process.execPath, argv, options).catch((error: { stderr: string }) => error);
  return stderr
    .split('\n')
    .filter((line) => line.startsWith(`LOADED file://${root}`))
    .map((line) => line.slice(`LOADED file://${root}`.length));
}

/** The npm packages among the loaded files. */
const packages = (files: string[]) => [...new Set(files.flatMap((file) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? []))].sort();
const commandModules = (files: string[]) => files.filter((file) => file.startsWith('dist/src/cli/commands/') && file !== 'dist/src/cli/commands/index.js');

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('run `npm run build` before this test');
});

// Each case spawns the CLI; on a loaded machine that can take longer than vitest's 5 s default.
describe('start-up imports of the built CLI', { timeout: 30_000 }, () => {
  it('--version and --help load no command module and only commander and chalk', async () => {
    for (const flag of ['--version', '--help']) {
      const files = await loadedFiles(flag);
      expect(files).toContain('dist/src/cli/main.js');
      expect(commandModules(files)).toEqual([]);
      expect(packages(files)).toEqual(['chalk', 'commander']);
    }
  });

  it('`status --help` loads the status command and no other', async () => {
    const files = await loadedFiles('status', '--help');
    expect(commandModules(files)).toEqual(['dist/src/cli/commands/status.js']);
    expect(packages(files)).not.toContain('listr2');
  });

  it('validate loads neither the engine nor SSH, the renderers or the database client', async () => {
    const files = await loadedFiles('validate', '-i', 'inventory.example.yaml');
    expect(commandModules(files)).toEqual(['dist/src/cli/commands/validate.js']);
    expect(files.filter((file) => file.startsWith('dist/src/engine/') || file.startsWith('dist/phases/'))).toEqual([]);
    for (const heavy of ['node-ssh', 'ssh2', 'listr2', 'pg', 'execa', 'handlebars', 'diff']) expect(packages(files)).not.toContain(heavy);
  });
});
