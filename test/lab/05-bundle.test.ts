import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';
import { readBundleManifest } from '../../src/artifacts/bundle-manifest.js';
import { hashFile } from '../../src/artifacts/checksum.js';
import { neededReleases } from '../../src/artifacts/needs.js';
import { loadValidInventory } from '../../src/inventory/validate.js';
import { serviceModules } from '../../phases/registry.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * The lab's bundle as its README command builds it: `bundle --from-registries -i lab/inventory.yaml`
 * assembles every release the lab's modules declare from Maven Central into the inventory's
 * artifacts.bundleDir; a second run downloads and builds nothing; `bundle --check` passes it and
 * fails a corrupted copy, naming the file and both sums. Needs only this machine (and Maven
 * Central), not the lab hosts: it runs after 01-lab-up wrote lab/inventory.yaml and before the
 * installs that push the bundle.
 */

const INVENTORY = 'lab/inventory.yaml';
const BIN = new URL('../../bin/datalyptica.js', import.meta.url).pathname;
const mavenMissing = async () => ((await execa('mvn', ['-v'], { reject: false })).exitCode === 0 ? undefined : 'mvn is not installed (apt-get install maven)');
const blocker = needRoot() ?? (existsSync(INVENTORY) ? undefined : 'the lab is not up: no lab/inventory.yaml (did 01-lab-up fail?)') ?? (await mavenMissing());
const scratch = mkdtempSync(join(tmpdir(), 'datalyptica-lab-bundle-'));

const bundle = (...args: string[]) => execa('node', [BIN, 'bundle', ...args], { reject: false, stdin: 'ignore' });

describeLab('bundle from the registries for the lab', blocker, () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('builds every release the lab needs into artifacts.bundleDir', async () => {
    const { inventory } = await loadValidInventory(INVENTORY);
    const dir = inventory.artifacts!.bundleDir!;
    const run = await bundle('--from-registries', '-i', INVENTORY);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    const manifest = readBundleManifest(dir);
    expect(manifest.source).toBe('registries');
    for (const need of neededReleases(inventory, serviceModules())) {
      const entry = manifest.artifacts.find((e) => e.component === need.component && e.version === need.version);
      expect(entry, `${need.component} ${need.version} in ${dir}/bundle.json`).toBeDefined();
      expect((await hashFile(join(dir, entry!.file), ['sha256'])).sha256).toBe(entry!.sha256);
    }
  });

  it('downloads and builds nothing the second time, and says so', async () => {
    const run = await bundle('--from-registries', '-i', INVENTORY, '--json');
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { type: string; downloaded: unknown[]; built: unknown[]; mavenDownloads: number; downloadedBytes: number };
    expect(result).toMatchObject({ type: 'result', downloaded: [], built: [], mavenDownloads: 0, downloadedBytes: 0 });
    const text = await bundle('--from-registries', '-i', INVENTORY);
    expect(text.stdout).toMatch(/nothing downloaded or built|nothing needed/);
  });

  it('--check passes the bundle and fails a corrupted copy, naming the file and both sums', async () => {
    const { inventory } = await loadValidInventory(INVENTORY);
    const dir = inventory.artifacts!.bundleDir!;
    const ok = await bundle('--check', dir);
    expect(ok.exitCode, ok.stdout).toBe(0);

    const copy = join(scratch, 'copy');
    cpSync(dir, copy, { recursive: true });
    const entry = readBundleManifest(copy).artifacts[0];
    expect(entry, 'the lab bundle holds no file: no placed module declares a release').toBeDefined();
    const file = join(copy, entry!.file);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] = bytes[Math.floor(bytes.length / 2)]! ^ 0xff;
    writeFileSync(file, bytes);
    const found = (await hashFile(file, ['sha256'])).sha256;
    const bad = await bundle('--check', copy);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toContain(`${file}: sha256 mismatch: expected ${entry!.sha256}, found ${found}`);
  });
});
