import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import type { IoHost } from '../core/events.js';
import type { Runner } from './runner.js';

/**
 * The Debian 12 root filesystem every lab host boots from, debootstrapped once and cached
 * read-only under the cache dir; each host gets an overlay on top of it. Built into a temp dir
 * and renamed, so an interrupted build never leaves a half base that looks finished.
 */

/**
 * What a minimal VM has plus what the phases need at once: systemd and sshd to be a host,
 * python3 and python3-apt for ansible-style modules, ca-certificates/curl/gpg to add
 * third-party repositories, procps/iproute2/ping for checks. The rest comes through the proxy.
 */
export const BASE_PACKAGES = [
  'systemd', 'systemd-sysv', 'dbus', 'libpam-systemd', 'openssh-server', 'iproute2', 'iputils-ping', 'netbase',
  'python3', 'python3-apt', 'sudo', 'ca-certificates', 'curl', 'gpg', 'procps', 'less',
];
export const DEBIAN_SUITE = 'bookworm';
const MARKER = '.datalyptica-lab-base.json';

export interface AptMirrors {
  debian: string;
  security: string;
}

export const DEFAULT_MIRRORS: AptMirrors = { debian: 'http://deb.debian.org/debian', security: 'http://deb.debian.org/debian-security' };

/**
 * The machine's own Debian mirrors from its apt sources (one-line and deb822 formats), so the
 * base build and apt-cacher-ng use a mirror that resolves here.
 */
export function parseAptMirrors(sourcesTexts: string[]): AptMirrors {
  const uris: string[] = [];
  for (const text of sourcesTexts) {
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/.exec(trimmed);
      if (oneLine?.[1]) uris.push(oneLine[1]);
      const deb822 = /^URIs:\s*(.+)$/i.exec(trimmed);
      if (deb822?.[1]) uris.push(...deb822[1].split(/\s+/));
    }
  }
  const http = uris.filter((uri) => uri.startsWith('http://')).map((uri) => uri.replace(/\/+$/, ''));
  return {
    debian: http.find((uri) => /\/debian$/.test(uri)) ?? DEFAULT_MIRRORS.debian,
    security: http.find((uri) => /\/debian-security$/.test(uri)) ?? DEFAULT_MIRRORS.security,
  };
}

export async function machineAptMirrors(): Promise<AptMirrors> {
  const texts: string[] = [];
  texts.push(await readFile('/etc/apt/sources.list', 'utf8').catch(() => ''));
  const dir = '/etc/apt/sources.list.d';
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.endsWith('.list') || name.endsWith('.sources')) texts.push(await readFile(join(dir, name), 'utf8').catch(() => ''));
  }
  return parseAptMirrors(texts);
}

/** The hosts' apt sources: the standard Debian names, which apt-cacher-ng maps to the machine's mirrors. */
export function hostSourcesList(): string {
  return [
    `deb http://deb.debian.org/debian ${DEBIAN_SUITE} main`,
    `deb http://deb.debian.org/debian ${DEBIAN_SUITE}-updates main`,
    `deb http://deb.debian.org/debian-security ${DEBIAN_SUITE}-security main`,
    '',
  ].join('\n');
}

/** sshd settings of every lab host: key-only root login, one host key (generated per host). */
export const SSHD_LAB_CONFIG = [
  '# datalyptica lab: each host has its own ed25519 host key, generated when its overlay is created',
  'HostKey /etc/ssh/ssh_host_ed25519_key',
  'PermitRootLogin prohibit-password',
  'PasswordAuthentication no',
  'UseDNS no',
  '',
].join('\n');

export function baseRootfs(baseDir: string): string {
  return join(baseDir, 'rootfs');
}

/** Returns the base's root filesystem, building it first when the cache has none. */
export async function ensureBaseImage(baseDir: string, mirrors: AptMirrors, runner: Runner, io: IoHost, clock: Clock): Promise<string> {
  const rootfs = baseRootfs(baseDir);
  const marker = await readFile(join(rootfs, MARKER), 'utf8').catch(() => undefined);
  if (marker !== undefined) {
    const built = JSON.parse(marker) as { packages?: string[] };
    if (built.packages?.join(',') !== BASE_PACKAGES.join(',')) {
      io.notify({ type: 'message', level: 'warn', text: `lab base ${rootfs} was built with another package list; \`lab down --purge\` rebuilds it` });
    }
    io.notify({ type: 'progress', scope: 'lab', text: `base image cached at ${rootfs}` });
    return rootfs;
  }
  const temp = join(baseDir, 'rootfs.building');
  await rm(temp, { recursive: true, force: true });
  await mkdir(baseDir, { recursive: true });
  const started = clock.now();
  io.notify({ type: 'message', level: 'info', text: `building the Debian 12 base image with debootstrap from ${mirrors.debian} (about a minute, once)` });
  await runner.run('debootstrap', ['--variant=minbase', `--include=${BASE_PACKAGES.join(',')}`, DEBIAN_SUITE, temp, mirrors.debian], {
    hint: `check that this machine reaches ${mirrors.debian}`,
  });
  await finishBase(temp, runner);
  await writeFile(join(temp, MARKER), `${JSON.stringify({ suite: DEBIAN_SUITE, mirror: mirrors.debian, packages: BASE_PACKAGES, builtAt: new Date(clock.now()).toISOString() }, null, 2)}\n`);
  await rename(temp, rootfs);
  io.notify({ type: 'message', level: 'info', text: `base image built in ${Math.round((clock.now() - started) / 1000)} s` });
  return rootfs;
}

/** Removes what must differ per host (machine-id, SSH host keys) and what the hosts fetch through the proxy. */
async function finishBase(rootfs: string, runner: Runner): Promise<void> {
  await runner.run('chroot', [rootfs, 'apt-get', 'clean']);
  for (const name of await readdir(join(rootfs, 'etc/ssh'))) {
    if (name.startsWith('ssh_host_')) await rm(join(rootfs, 'etc/ssh', name));
  }
  // An empty machine-id would make systemd generate one at every boot; each host's overlay gets its own.
  await writeFile(join(rootfs, 'etc/machine-id'), '');
  await rm(join(rootfs, 'var/lib/dbus/machine-id'), { force: true });
  await rm(join(rootfs, 'var/lib/apt/lists'), { recursive: true, force: true });
  await mkdir(join(rootfs, 'var/lib/apt/lists/partial'), { recursive: true });
  await writeFile(join(rootfs, 'etc/apt/sources.list'), hostSourcesList());
  await writeFile(join(rootfs, 'etc/ssh/sshd_config.d/datalyptica-lab.conf'), SSHD_LAB_CONFIG);
  // No DNS in the lab: every name a host needs is in its /etc/hosts, the proxy is addressed by IP.
  await writeFile(join(rootfs, 'etc/resolv.conf'), '# datalyptica lab: no DNS; lab names are in /etc/hosts\n');
}
