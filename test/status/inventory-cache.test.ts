import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INVENTORY_CACHE_FILE, loadValidInventoryCached } from '../../src/inventory/load-cached.js';

const example = fileURLToPath(new URL('../../inventory.example.yaml', import.meta.url));

/** A copy of the example inventory in a fresh directory, with its state directory unless told otherwise. */
function cluster(withStateDir = true): { file: string; stateDir: string; cacheFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dl-inventory-cache-'));
  const file = join(dir, 'inventory.yaml');
  copyFileSync(example, file);
  const stateDir = join(dir, '.datalyptica');
  if (withStateDir) mkdirSync(stateDir);
  return { file, stateDir, cacheFile: join(stateDir, INVENTORY_CACHE_FILE) };
}

/** Rewrites the cached inventory under the same key, so a later load shows whether it read the cache. */
function tamper(cacheFile: string, clusterName: string): void {
  const record = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key: string; inventory: { cluster: { name: string } } };
  record.inventory.cluster.name = clusterName;
  writeFileSync(cacheFile, JSON.stringify(record));
}

describe('the cached inventory of status', () => {
  it('validates on the first load, caches 0600, and serves an unchanged file from the cache', async () => {
    const { file, stateDir, cacheFile } = cluster();
    const first = await loadValidInventoryCached(file, stateDir);
    expect(first.ssh.port).toBe(22); // normalised: the defaults are applied
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    tamper(cacheFile, 'from-the-cache');
    expect((await loadValidInventoryCached(file, stateDir)).cluster.name).toBe('from-the-cache');
  });

  it('validates again when a byte of the file changed', async () => {
    const { file, stateDir, cacheFile } = cluster();
    await loadValidInventoryCached(file, stateDir);
    tamper(cacheFile, 'stale');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# edited\n`);
    expect((await loadValidInventoryCached(file, stateDir)).cluster.name).not.toBe('stale');
  });

  it('an invalid file throws the usual coded error and is never cached', async () => {
    const { file, stateDir, cacheFile } = cluster();
    writeFileSync(file, 'cluster: [\n');
    await expect(loadValidInventoryCached(file, stateDir)).rejects.toMatchObject({ code: 'E_INVENTORY_INVALID' });
    expect(existsSync(cacheFile)).toBe(false);
  });

  it('a file that became invalid after it was cached is validated, not served', async () => {
    const { file, stateDir } = cluster();
    await loadValidInventoryCached(file, stateDir);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^cluster:/m, 'clustr:'));
    await expect(loadValidInventoryCached(file, stateDir)).rejects.toMatchObject({ code: 'E_INVENTORY_INVALID' });
  });

  it('a missing file is the usual usage error', async () => {
    const { stateDir } = cluster();
    await expect(loadValidInventoryCached(join(stateDir, 'nope.yaml'), stateDir)).rejects.toMatchObject({ code: 'E_INVENTORY_NOT_FOUND' });
  });

  it('writes no cache, and creates no directory, where no install made the state directory', async () => {
    const { file, stateDir } = cluster(false);
    expect((await loadValidInventoryCached(file, stateDir)).cluster.name).toBeTruthy();
    expect(existsSync(stateDir)).toBe(false);
  });

  it('a cache that does not parse is a miss, and is written again', async () => {
    const { file, stateDir, cacheFile } = cluster();
    writeFileSync(cacheFile, '{"key": 1');
    const inventory = await loadValidInventoryCached(file, stateDir);
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))).toMatchObject({ inventory: { cluster: { name: inventory.cluster.name } } });
  });
});
