import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { DatalypticaError } from '../core/errors.js';
import type { AptMirrors } from './base-image.js';
import type { Runner } from './runner.js';
import { tcpOpen } from './tcp.js';

/**
 * apt-cacher-ng on the bridge, run as a plain daemon (no systemd here) with its own config dir
 * under the lab dir. Debian requests are mapped straight to the machine's own mirrors: the
 * package default redirects to a mirror list whose names do not resolve everywhere (503 "Host
 * not found"). HTTPS repositories pass through (CONNECT), uncached.
 */

export interface AptProxySettings {
  confDir: string;
  cacheDir: string;
  bindAddress: string;
  port: number;
  mirrors: AptMirrors;
}

export function aptProxyConfigText(settings: AptProxySettings): string {
  const withSlash = (uri: string): string => (uri.endsWith('/') ? uri : `${uri}/`);
  return [
    '# written by `datalyptica lab up`; removed by `lab down`',
    `CacheDir: ${settings.cacheDir}`,
    `LogDir: ${settings.confDir}`,
    'SupportDir: /usr/lib/apt-cacher-ng',
    `Port: ${settings.port}`,
    `BindAddress: ${settings.bindAddress}`,
    `PidFile: ${pidFile(settings.confDir)}`,
    `SocketPath: ${join(settings.confDir, 'socket')}`,
    'ForeGround: 0',
    `Remap-debrep: file:deb_mirror*.gz /debian deb.debian.org/debian ; ${withSlash(settings.mirrors.debian)}`,
    `Remap-secdeb: security.debian.org security.debian.org/debian-security deb.debian.org/debian-security /debian-security ; ${withSlash(settings.mirrors.security)}`,
    'PassThroughPattern: ^[^:/]+:443$',
    'ReportPage: acng-report.html',
    'ExThreshold: 4',
    '',
  ].join('\n');
}

function pidFile(confDir: string): string {
  return join(confDir, 'apt-cacher-ng.pid');
}

/** The daemon's pid when the one this lab started is alive. */
export async function aptProxyPid(confDir: string): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(pidFile(confDir), 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
  return comm.trim() === 'apt-cacher-ng' ? pid : undefined;
}

/**
 * apt-cacher-ng moves a refreshed index (InRelease) aside as `InRelease.<number>`; a copy left
 * by an earlier run makes that move fail with "File exists", and the client's download then
 * hangs. The copies are scratch files: remove them before the proxy starts.
 */
async function removeStaleIndexCopies(cacheDir: string): Promise<void> {
  const entries = await readdir(cacheDir, { recursive: true }).catch(() => [] as string[]);
  await Promise.all(entries.filter((entry) => /(^|\/)(In)?Release\.\d+$/.test(entry)).map((entry) => rm(join(cacheDir, entry), { force: true })));
}

export async function ensureAptProxy(settings: AptProxySettings, runner: Runner, clock: Clock): Promise<'started' | 'running'> {
  if (await aptProxyPid(settings.confDir)) return 'running';
  await mkdir(settings.confDir, { recursive: true });
  await mkdir(settings.cacheDir, { recursive: true });
  await removeStaleIndexCopies(settings.cacheDir);
  await writeFile(join(settings.confDir, 'acng.conf'), aptProxyConfigText(settings));
  await runner.run('apt-cacher-ng', ['-c', settings.confDir], { hint: `see ${join(settings.confDir, 'apt-cacher.err')}` });
  const deadline = clock.now() + 10_000;
  while (clock.now() < deadline) {
    if ((await aptProxyPid(settings.confDir)) && (await tcpOpen(settings.bindAddress, settings.port, 500))) return 'started';
    await clock.sleep(200);
  }
  throw new DatalypticaError('E_LAB_PROXY', `lab: apt-cacher-ng did not start listening on ${settings.bindAddress}:${settings.port}`, {
    hint: `see ${settings.confDir}/apt-cacher.err; is another apt-cacher-ng already using port ${settings.port}?`,
  });
}

export async function stopAptProxy(confDir: string, clock: Clock): Promise<boolean> {
  const pid = await aptProxyPid(confDir);
  if (pid === undefined) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = clock.now() + 5_000;
  while (clock.now() < deadline && (await aptProxyPid(confDir))) await clock.sleep(100);
  if (await aptProxyPid(confDir)) process.kill(pid, 'SIGKILL');
  await rm(pidFile(confDir), { force: true });
  return true;
}
