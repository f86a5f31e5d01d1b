import { mkdir, readFile } from 'node:fs/promises';
import { DatalypticaError } from '../core/errors.js';
import { baseRootfs } from './base-image.js';
import { cgroupPids } from './cgroups.js';
import { containerRunning, hostCgroups, killContainer, startContainer } from './containers.js';
import type { LabContext } from './context.js';
import { ensureHostNetwork, hostLinkDown, hostLinkUp, removeHostNetwork } from './network.js';
import { hostPaths, type LabPaths } from './paths.js';
import type { LabHostPlan } from './plan.js';

/** One lab host's life cycle from the machine: overlay mount, boot, SSH readiness, power off. */

export function sshArgs(paths: LabPaths, connectTimeoutSeconds = 3): string[] {
  return [
    '-i', paths.privateKey,
    '-o', 'IdentitiesOnly=yes',
    '-o', `UserKnownHostsFile=${paths.knownHosts}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `ConnectTimeout=${connectTimeoutSeconds}`,
    '-o', 'LogLevel=ERROR',
  ];
}

function unescapeMountPath(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export async function isMounted(path: string): Promise<boolean> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  return mountinfo.split('\n').some((line) => {
    const field = line.split(' ')[4];
    return field !== undefined && unescapeMountPath(field) === path;
  });
}

/** The host's overlay (cached base below, its own writable layer above), mounted once. */
export async function mountHostRoot(lab: LabContext, host: string): Promise<string> {
  const dirs = hostPaths(lab.paths, host);
  if (await isMounted(dirs.merged)) return dirs.merged;
  for (const dir of [dirs.upper, dirs.work, dirs.merged]) await mkdir(dir, { recursive: true });
  const lower = baseRootfs(lab.paths.baseDir);
  await lab.runner.run('mount', ['-t', 'overlay', `lab-${host}`, '-o', `lowerdir=${lower},upperdir=${dirs.upper},workdir=${dirs.work}`, dirs.merged], {
    hint: `is ${lower} present? \`datalyptica lab up\` builds it`,
  });
  return dirs.merged;
}

export async function unmountHostRoot(lab: LabContext, host: string): Promise<void> {
  const { merged } = hostPaths(lab.paths, host);
  if (await isMounted(merged)) await lab.runner.run('umount', [merged], { hint: `something still uses ${merged}: see \`fuser -vm ${merged}\`` });
}

/**
 * Power on: a new network namespace (a rebooted VM keeps no VIP, route or net sysctl of its
 * previous life), link up, boot. Returns the nspawn pid, or undefined when it was already running.
 */
export async function bootHost(lab: LabContext, host: LabHostPlan): Promise<number | undefined> {
  if (await containerRunning(host.name)) return undefined;
  const merged = await mountHostRoot(lab, host.name);
  await removeHostNetwork(host, lab.runner);
  await ensureHostNetwork(host, lab.plan, lab.runner);
  await hostLinkUp(host, lab.plan, lab.runner);
  return startContainer(host, merged, hostPaths(lab.paths, host.name).log, lab.runner, lab.clock);
}

/** Power off: every process of the host killed at once, then its cable pulled. */
export async function killHost(lab: LabContext, host: LabHostPlan): Promise<void> {
  await killContainer(host.name, lab.clock);
  await hostLinkDown(host, lab.runner);
}

/** Waits until root can log in over SSH with strict host-key checking. */
export async function waitForSsh(lab: LabContext, host: LabHostPlan, timeoutMs = 90_000): Promise<number> {
  const started = lab.clock.now();
  const target = `root@${host.addresses.management}`;
  let last = '';
  while (lab.clock.now() - started < timeoutMs) {
    const result = await lab.runner.run('ssh', [...sshArgs(lab.paths, 2), '-o', 'BatchMode=yes', target, 'true'], { allowFailure: true, timeoutMs: 10_000 });
    if (result.exitCode === 0) return lab.clock.now() - started;
    last = result.stderr.trim().split('\n').slice(-1)[0] ?? '';
    if (!(await containerRunning(host.name))) break;
    await lab.clock.sleep(250);
  }
  throw new DatalypticaError('E_LAB_SSH', `lab: ${host.name} (${host.addresses.management}) did not answer SSH${last ? `: ${last}` : ''}`, {
    hint: `see its console log ${hostPaths(lab.paths, host.name).log}`,
  });
}

/** Memory the host's processes really use (sum of PSS), in MiB. */
export async function hostMemoryMiB(host: string): Promise<number> {
  const [unified] = await hostCgroups(host);
  if (unified === undefined) return 0;
  let kib = 0;
  for (const pid of await cgroupPids(unified)) {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (pss?.[1]) kib += Number(pss[1]);
  }
  return Math.round(kib / 1024);
}
