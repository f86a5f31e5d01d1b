import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedInventory } from './normalise.js';

/**
 * A valid inventory without YAML, the schema or the rules on the way, for the commands that run
 * often against an unchanged file (`status` from cron or `--watch`): the normalised inventory of
 * the last validation, kept in the state directory under a key of the file's bytes and of the
 * build that validated them. A changed file, a rebuilt tool or a changed schema misses, and a
 * miss validates the file as every other command does (same errors, same exit codes).
 */
export const INVENTORY_CACHE_FILE = 'inventory-cache.json';

/** Bumped when the cached record changes shape. */
const CACHE_FORMAT = 1;
/** An inventory is a few KiB; a larger file is left to the full load, which reports it. */
const MAX_CACHED_BYTES = 1024 * 1024;

interface CacheRecord {
  key: string;
  inventory: ResolvedInventory;
}

/**
 * The resolved inventory of `file`, from the cache in `stateDir` when the key matches, else
 * validated (loadValidInventory: throws its coded error for an invalid file) and cached. The
 * cache is written only where the state directory exists already (an install made it): a
 * status run never creates directories next to an arbitrary file.
 */
export async function loadValidInventoryCached(file: string, stateDir: string): Promise<ResolvedInventory> {
  const key = await cacheKey(file).catch(() => undefined);
  const cacheFile = join(stateDir, INVENTORY_CACHE_FILE);
  if (key) {
    const cached = await readRecord(cacheFile);
    if (cached?.key === key) return cached.inventory;
  }
  const { loadValidInventory } = await import('./validate.js');
  const { inventory } = await loadValidInventory(file);
  if (key && existsSync(stateDir)) await writeRecord(cacheFile, { key, inventory });
  return inventory;
}

/**
 * sha256 of what the validation result depends on: the file's path and bytes, the build (tsc
 * rewrites every output of a build, so this module's own mtime changes with each one) and the
 * schema file. Throws for a file the fast path should not read (missing, not a regular file,
 * too large): the full load says what is wrong with it.
 */
async function cacheKey(file: string): Promise<string> {
  const handle = await open(file, 'r');
  let bytes: Buffer;
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_CACHED_BYTES) throw new Error('not cacheable');
    bytes = await handle.readFile();
  } finally {
    await handle.close();
  }
  const build = await Promise.all([fileURLToPath(import.meta.url), schemaFile()].map(async (path) => {
    const info = await stat(path);
    return `${path}:${info.size}:${info.mtimeMs}`;
  }));
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: CACHE_FORMAT, file: resolve(file), build }));
  hash.update(bytes);
  return hash.digest('hex');
}

/** schemas/inventory.schema.json at the package root, above src/inventory and dist/src/inventory. */
function schemaFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'schemas', 'inventory.schema.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no schemas/inventory.schema.json above the inventory module');
    dir = parent;
  }
}

/** The record, or undefined when there is none or it does not parse (a miss, never an error). */
async function readRecord(cacheFile: string): Promise<CacheRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(cacheFile, 'utf8')) as Partial<CacheRecord>;
    return typeof record.key === 'string' && record.inventory !== null && typeof record.inventory === 'object' ? (record as CacheRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Written 0600 (the inventory names hosts, users and key paths) and renamed into place, so a reader never sees half a record. */
async function writeRecord(cacheFile: string, record: CacheRecord): Promise<void> {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(record), { mode: 0o600 });
    await rename(temporary, cacheFile);
  } catch {
    // A cache that cannot be written (read-only state directory) only costs the next run the full load.
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}
