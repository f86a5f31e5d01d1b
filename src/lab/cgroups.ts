import { access, readdir, readFile, rmdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Each lab host runs in its own cgroup, /datalyptica-lab/<host>, in the unified (v2) hierarchy
 * and, on hybrid machines, the name=systemd one. systemd-nspawn --keep-unit creates
 * `supervisor` (itself) and `payload` (the container) below the cgroup it starts in, so
 * without one cgroup per host two containers would share /payload. The container's units
 * are then at <host>/payload/system.slice/<unit>: the machine can list, signal or kill them
 * even where the container's own systemd cannot.
 */

export const LAB_CGROUP = 'datalyptica-lab';
const ROOT = '/sys/fs/cgroup';

/** The hierarchies to place containers in: [unified, name=systemd?]. */
export async function cgroupRoots(root = ROOT): Promise<string[]> {
  const has = (path: string): Promise<boolean> => access(path).then(() => true, () => false);
  if (await has(join(root, 'cgroup.controllers'))) return [root];
  const roots: string[] = [];
  if (await has(join(root, 'unified/cgroup.controllers'))) roots.push(join(root, 'unified'));
  if (await has(join(root, 'systemd/cgroup.procs'))) roots.push(join(root, 'systemd'));
  return roots;
}

export function hostCgroupDirs(roots: string[], host: string): string[] {
  return roots.map((root) => join(root, LAB_CGROUP, host));
}

export async function createHostCgroups(dirs: string[]): Promise<void> {
  for (const dir of dirs) await mkdir(dir, { recursive: true });
}

/** Every pid in a cgroup and its descendants. */
export async function cgroupPids(dir: string): Promise<number[]> {
  const own = await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '');
  const pids = own.split('\n').filter(Boolean).map(Number);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) pids.push(...(await cgroupPids(join(dir, entry.name))));
  return pids;
}

export async function cgroupPopulated(dir: string): Promise<boolean> {
  const events = await readFile(join(dir, 'cgroup.events'), 'utf8').catch(() => undefined);
  if (events !== undefined) return /^populated 1$/m.test(events);
  return (await cgroupPids(dir)).length > 0;
}

/** SIGKILLs everything in the subtree: cgroup.kill where the kernel has it (5.14+), else pid by pid. */
export async function killCgroup(dir: string): Promise<void> {
  const viaKill = await writeFile(join(dir, 'cgroup.kill'), '1').then(() => true, () => false);
  if (viaKill) return;
  for (const pid of await cgroupPids(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Removes an empty cgroup subtree, deepest first; a cgroup that still has processes stays. */
export async function removeCgroupTree(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) await removeCgroupTree(join(dir, entry.name));
  await rmdir(dir).catch(() => undefined);
}
