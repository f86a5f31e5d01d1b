import { access, constants, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { DatalypticaError } from '../core/errors.js';
import type { IoHost } from '../core/events.js';
import type { Runner } from './runner.js';

/**
 * What `lab up` needs on the machine, and the Debian package that provides each. Only what the
 * lab really calls is required: a missing tool is reported with the apt command that fixes it.
 */
export interface Prerequisite {
  /** A command looked up on PATH, or an absolute file path. */
  needs: string;
  aptPackage: string;
  why: string;
}

export const LAB_PREREQUISITES: Prerequisite[] = [
  { needs: 'systemd-nspawn', aptPackage: 'systemd-container', why: 'boots each lab host' },
  { needs: 'debootstrap', aptPackage: 'debootstrap', why: 'builds the Debian 12 base' },
  { needs: '/usr/share/keyrings/debian-archive-keyring.gpg', aptPackage: 'debian-archive-keyring', why: 'verifies the base packages' },
  { needs: 'apt-cacher-ng', aptPackage: 'apt-cacher-ng', why: 'apt proxy the hosts install through' },
  { needs: 'ip', aptPackage: 'iproute2', why: 'bridge, veths and network namespaces' },
  { needs: 'ssh', aptPackage: 'openssh-client', why: 'reaches the hosts' },
  { needs: 'ssh-keygen', aptPackage: 'openssh-client', why: 'lab and host keys' },
  // The lab's bundle is assembled from Maven Central (`datalyptica bundle --from-registries`).
  { needs: 'mvn', aptPackage: 'maven', why: "builds the lab bundle's releases from Maven Central" },
];

/** Where a prerequisite is looked up: PATH plus the sbin directories a non-login root shell may lack. */
export interface PrereqProbe {
  isRoot(): boolean;
  platform(): string;
  exists(path: string, executable: boolean): Promise<boolean>;
  pathDirs(): string[];
  /** /proc/filesystems, to know whether the kernel has overlayfs. */
  filesystems(): Promise<string>;
}

export const machineProbe: PrereqProbe = {
  isRoot: () => process.getuid?.() === 0,
  platform: () => process.platform,
  exists: async (path, executable) => access(path, executable ? constants.X_OK : constants.R_OK).then(() => true, () => false),
  pathDirs: () => [...new Set([...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'])].filter(Boolean),
  filesystems: () => readFile('/proc/filesystems', 'utf8').catch(() => ''),
};

export async function missingPrerequisites(probe: PrereqProbe): Promise<Prerequisite[]> {
  const missing: Prerequisite[] = [];
  for (const prerequisite of LAB_PREREQUISITES) {
    const isFile = prerequisite.needs.startsWith('/');
    const candidates = isFile ? [prerequisite.needs] : probe.pathDirs().map((dir) => join(dir, prerequisite.needs));
    let found = false;
    for (const candidate of candidates) if (!found && (await probe.exists(candidate, !isFile))) found = true;
    if (!found) missing.push(prerequisite);
  }
  return missing;
}

export function aptInstallCommand(missing: Prerequisite[]): string {
  return `apt-get install -y ${[...new Set(missing.map((item) => item.aptPackage))].join(' ')}`;
}

/** Fails with one line naming what is missing and the apt command, unless it may install them. */
export async function ensurePrerequisites(probe: PrereqProbe, runner: Runner, io: IoHost, install: boolean): Promise<void> {
  if (probe.platform() !== 'linux') {
    throw new DatalypticaError('E_LAB_PLATFORM', `lab: needs Linux (this is ${probe.platform()})`, { hint: 'run the lab on a Debian 12 machine or VM' });
  }
  if (!probe.isRoot()) {
    throw new DatalypticaError('E_LAB_NOT_ROOT', 'lab: must run as root (it creates network namespaces, mounts and containers)', {
      hint: 'run: sudo datalyptica lab up',
    });
  }
  if (!/\boverlay\b/.test(await probe.filesystems())) {
    await runner.run('modprobe', ['overlay'], { allowFailure: true });
    if (!/\boverlay\b/.test(await probe.filesystems())) {
      throw new DatalypticaError('E_LAB_OVERLAYFS', 'lab: the kernel has no overlay filesystem', { hint: 'load it with: modprobe overlay' });
    }
  }
  const missing = await missingPrerequisites(probe);
  if (missing.length === 0) return;
  const command = aptInstallCommand(missing);
  const names = missing.map((item) => `${item.needs} (${item.why})`).join(', ');
  if (!install) {
    throw new DatalypticaError('E_LAB_PREREQS', `lab: missing ${names}`, {
      hint: `${command}, or run: datalyptica lab up --install-prereqs`,
    });
  }
  io.notify({ type: 'message', level: 'info', text: `installing lab prerequisites: ${command}` });
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  await runner.run('apt-get', ['update'], { env, hint: 'check the machine can reach its apt mirror' });
  await runner.run('apt-get', ['install', '-y', ...new Set(missing.map((item) => item.aptPackage))], { env, hint: `run it yourself: ${command}` });
  const still = await missingPrerequisites(probe);
  if (still.length > 0) {
    throw new DatalypticaError('E_LAB_PREREQS', `lab: still missing ${still.map((item) => item.needs).join(', ')} after apt-get install`, {
      hint: aptInstallCommand(still),
    });
  }
}
