import type { Clock } from '../core/clock.js';
import { DatalypticaError } from '../core/errors.js';
import { cgroupPopulated, cgroupRoots, createHostCgroups, hostCgroupDirs, killCgroup, removeCgroupTree } from './cgroups.js';
import type { LabHostPlan } from './plan.js';
import type { Runner } from './runner.js';

/**
 * systemd-nspawn containers, one per lab host. Without systemd as PID 1 nspawn can neither
 * register the machine nor create a scope unit (--register=no --keep-unit), so the lab starts
 * it detached through a tiny shell that first moves itself into the host's own cgroup.
 */

/**
 * CAP_NET_ADMIN and CAP_NET_RAW let keepalived move VIPs and send VRRP in the host's own
 * network namespace; CAP_IPC_LOCK and CAP_SYS_NICE are what ClickHouse and Kafka ask for.
 */
export const LAB_CAPABILITIES = ['CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_SYS_NICE'];

export function nspawnArgs(host: LabHostPlan, rootDir: string): string[] {
  return [
    `--directory=${rootDir}`,
    '--boot',
    `--machine=${host.name}`,
    '--register=no',
    '--keep-unit',
    `--network-namespace-path=/run/netns/${host.netns}`,
    // With the namespace given, this only makes /proc/sys/net writable, like on a VM (somaxconn, ip_nonlocal_bind).
    '--private-network',
    `--capability=${LAB_CAPABILITIES.join(',')}`,
    // The host's /etc/resolv.conf (no DNS) and /etc/hosts are the lab's, not the machine's.
    '--resolv-conf=off',
    '--timezone=off',
    '--link-journal=no',
    '--console=read-only',
  ];
}

/** `sh -c` that joins the host's cgroups and execs nspawn, so the container is born in them. */
export function startCommand(cgroupDirs: string[], host: LabHostPlan, rootDir: string): { command: string; args: string[] } {
  const joins = cgroupDirs.map((_, index) => `echo $$ > "$${index + 1}/cgroup.procs"`).join(' && ');
  return {
    command: 'sh',
    args: ['-c', `${joins} && shift ${cgroupDirs.length} && exec systemd-nspawn "$@"`, 'lab-host', ...cgroupDirs, ...nspawnArgs(host, rootDir)],
  };
}

export async function hostCgroups(host: string): Promise<string[]> {
  const roots = await cgroupRoots();
  if (roots.length === 0) {
    throw new DatalypticaError('E_LAB_CGROUPS', 'lab: no cgroup hierarchy under /sys/fs/cgroup', { hint: 'mount cgroup2 on /sys/fs/cgroup (or /sys/fs/cgroup/unified)' });
  }
  return hostCgroupDirs(roots, host);
}

export async function containerRunning(host: string): Promise<boolean> {
  const [unified] = await hostCgroups(host);
  return unified !== undefined && cgroupPopulated(unified);
}

/** Boots the container; returns the pid of systemd-nspawn once it runs in the host's cgroup. */
export async function startContainer(host: LabHostPlan, rootDir: string, logPath: string, runner: Runner, clock: Clock): Promise<number> {
  const dirs = await hostCgroups(host.name);
  await createHostCgroups(dirs);
  const { command, args } = startCommand(dirs, host, rootDir);
  const pid = runner.spawnDetached(command, args, logPath);
  const deadline = clock.now() + 5_000;
  while (clock.now() < deadline) {
    if (await containerRunning(host.name)) return pid;
    await clock.sleep(20);
  }
  throw new DatalypticaError('E_LAB_BOOT', `lab: ${host.name} did not start`, { hint: `see its console log ${logPath}` });
}

/** Kills the whole container at once, like pulling the power cord, and forgets its cgroups. */
export async function killContainer(host: string, clock: Clock): Promise<void> {
  const dirs = await hostCgroups(host);
  const [unified] = dirs;
  if (unified === undefined) return;
  await killCgroup(unified);
  const deadline = clock.now() + 10_000;
  while ((await cgroupPopulated(unified)) && clock.now() < deadline) await clock.sleep(50);
  if (await cgroupPopulated(unified)) {
    throw new DatalypticaError('E_LAB_KILL', `lab: ${host} still has processes after SIGKILL`, { hint: `look at ${unified}/cgroup.procs` });
  }
  for (const dir of dirs) await removeCgroupTree(dir);
}
