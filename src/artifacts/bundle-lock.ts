import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatalypticaError } from '../core/errors.js';
import { processAlive } from '../engine/lock.js';

const LOCK = '.bundle.lock';

/**
 * One bundle run per directory at a time: a second run would download into the same `.part`
 * files. The lock holds the owner's pid; a lock whose process is gone (a run that was killed)
 * is taken over. Returns the release function.
 */
export async function lockBundleDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && processAlive(owner)) {
        throw new DatalypticaError('E_BUNDLE_LOCKED', `${dir}: another bundle run (pid ${owner}) is writing this bundle`, { hint: 'wait for it to finish, then run bundle again (it will find what that run fetched)' });
      }
      await unlink(path).catch(() => undefined);
    }
  }
  throw new DatalypticaError('E_BUNDLE_LOCKED', `${dir}: cannot take the bundle lock ${path}`, { hint: `remove ${path} if no bundle run is going on` });
}
