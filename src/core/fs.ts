import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, copyFile, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DatalypticaError } from './errors.js';

/**
 * The filesystem as the core sees it: a small port so units can swap in a fake, and one
 * place where files the tool owns (inventory, state, secrets) are written crash-safely.
 */
export interface FileSystem {
  readText(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
  writeAtomic(path: string, content: string | Uint8Array, options?: AtomicWriteOptions): Promise<void>;
}

export interface AtomicWriteOptions {
  /** Permission bits of the new file, applied exactly (not masked by umask): 0o600 for secrets. Default 0o644. */
  mode?: number;
  /** Keep the replaced file as FILE.bak (default true). */
  backup?: boolean;
}

export const nodeFileSystem: FileSystem = {
  readText: (path) => readFile(path, 'utf8'),
  exists: async (path) => {
    try {
      await access(path, constants.F_OK);
      return true;
    } catch {
      return false;
    }
  },
  writeAtomic: writeFileAtomic,
};

/**
 * Writes a temp file in the target's directory, fsyncs it and renames it over the target, so
 * readers see the old file or the new one, never half of either. A replaced file is first
 * copied to FILE.bak (copyFile keeps its mode, so a 0600 secret stays 0600).
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = options.mode ?? 0o644;
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.chmod(mode);
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if ((options.backup ?? true) && (await nodeFileSystem.exists(path))) await copyFile(path, `${path}.bak`);
    await rename(temp, path);
    await syncDirectory(dir);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new DatalypticaError('E_FS_WRITE', `cannot write ${path}: ${(error as Error).message}`, {
      hint: 'check that the directory is writable and the disk is not full',
      cause: error,
    });
  }
}

/** Makes the rename itself durable; some filesystems refuse fsync on a directory, which is harmless. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
