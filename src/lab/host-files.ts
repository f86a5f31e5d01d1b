import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Runner } from './runner.js';
import type { LabHostPlan, LabPlan } from './plan.js';

/**
 * The files that make one lab host itself: hostname, /etc/hosts, its own machine-id and SSH
 * host key (a cloned root filesystem would otherwise share them), the lab's key for root, and
 * apt's proxy. Written into the host's overlay from the machine, before it boots.
 */

export const LAB_DOMAIN = 'datalyptica.lab';

/** /etc/hosts of every lab host: the spec's DNS records, since the lab has no DNS server. */
export function labEtcHosts(plan: LabPlan, domain = LAB_DOMAIN): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', '', '# datalyptica lab (the spec\'s DNS records)'];
  for (const host of plan.hosts) {
    lines.push(`${host.addresses.application}\t${host.name}.${domain} ${host.name}`);
    lines.push(`${host.addresses.management}\t${host.name}.mgmt.${domain}`);
    lines.push(`${host.addresses.storage}\t${host.name}.storage.${domain}`);
  }
  lines.push(`${plan.vips.haproxy}\tlb.${domain}`, `${plan.vips.postgresql}\tpostgres.${domain}`, `${plan.vips.redis}\tredis.${domain}`);
  lines.push(`${plan.bridgeAddresses.management}\tapt-proxy.${domain}`, '');
  return lines.join('\n');
}

export function aptProxyConfig(proxyUrl: string): string {
  return [
    '// datalyptica lab: every package comes through the lab\'s apt-cacher-ng on the bridge',
    `Acquire::http::Proxy "${proxyUrl}";`,
    `Acquire::https::Proxy "${proxyUrl}";`,
    // A stalled download must fail and be retried, never hang an install forever.
    'Acquire::http::Timeout "30";',
    'Acquire::Retries "3";',
    '',
  ].join('\n');
}

/** One known_hosts line per host: its name and all three addresses, for strict host-key checking. */
export function knownHostsLine(host: LabHostPlan, publicKey: string, domain = LAB_DOMAIN): string {
  const names = [host.name, `${host.name}.${domain}`, host.addresses.management, host.addresses.application, host.addresses.storage];
  const [type, key] = publicKey.trim().split(/\s+/);
  return `${names.join(',')} ${type} ${key}`;
}

const HOST_KEY = 'etc/ssh/ssh_host_ed25519_key';

/**
 * Writes the host's identity into its new overlay and returns its SSH host public key. An
 * overlay that already has its host key is left alone: what runs on it may have changed
 * these files since, as on a real VM.
 */
export async function writeHostFiles(merged: string, host: LabHostPlan, plan: LabPlan, labPublicKey: string, runner: Runner): Promise<string> {
  const hostKey = join(merged, HOST_KEY);
  const existing = await readFile(`${hostKey}.pub`, 'utf8').catch(() => undefined);
  if (existing !== undefined) return existing;
  await writeFile(join(merged, 'etc/machine-id'), `${randomBytes(16).toString('hex')}\n`);
  await writeFile(join(merged, 'etc/hostname'), `${host.name}\n`);
  await writeFile(join(merged, 'etc/hosts'), labEtcHosts(plan));
  await writeFile(join(merged, 'etc/apt/apt.conf.d/01datalyptica-lab-proxy'), aptProxyConfig(plan.proxyUrl));
  const sshDir = join(merged, 'root/.ssh');
  await mkdir(sshDir, { recursive: true, mode: 0o700 });
  await chmod(sshDir, 0o700);
  await writeFile(join(sshDir, 'authorized_keys'), labPublicKey.endsWith('\n') ? labPublicKey : `${labPublicKey}\n`, { mode: 0o600 });
  // The host key last: it marks the overlay as complete, so an interrupted up redoes all of it.
  await rm(hostKey, { force: true });
  await runner.run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `root@${host.name}`, '-f', hostKey]);
  return readFile(`${hostKey}.pub`, 'utf8');
}
