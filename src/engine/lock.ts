import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DatalypticaError } from '../core/errors.js';

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/** Whether a process of this machine still runs (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * `.datalyptica/lock`, created with O_EXCL: two runs against the same cluster at once are
 * refused. A lock whose process is gone is reported as stale rather than silently taken over.
 */
export function acquireLock(stateDir: string, command: string): () => void {
  mkdirSync(stateDir, { recursive: true });
  const path = join(stateDir, 'lock');
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let holder: Partial<LockOwner> = {};
    try {
      holder = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    } catch {
      // unreadable or half-written: described as unknown below
    }
    const who = `pid ${holder.pid ?? '?'} on ${holder.host ?? '?'}, ${holder.command ?? 'unknown command'} since ${holder.startedAt ?? '?'}`;
    if (holder.host === hostname() && typeof holder.pid === 'number' && !processAlive(holder.pid)) {
      throw new DatalypticaError('E_LOCK_STALE', `a previous run (${who}) left ${path} behind and is no longer running`, {
        hint: `check that no other datalyptica run is active, then remove it: rm ${path}`,
      });
    }
    throw new DatalypticaError('E_LOCKED', `another run holds ${path} (${who})`, {
      hint: `wait for it to finish; if it is gone, remove ${path}`,
    });
  }
  writeSync(fd, `${JSON.stringify(owner)}\n`);
  closeSync(fd);
  // An interrupted run (Ctrl-C ends the process through process.exit) still releases its lock.
  const release = () => rmSync(path, { force: true });
  process.once('exit', release);
  return () => {
    process.off('exit', release);
    release();
  };
}
