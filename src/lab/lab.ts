import { access, mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DatalypticaError } from '../core/errors.js';
import { writeFileAtomic } from '../core/fs.js';
import { inventoryToYaml } from '../inventory/layout-yaml.js';
import { ensureAptProxy, aptProxyPid, stopAptProxy } from './apt-proxy.js';
import { baseRootfs, ensureBaseImage, machineAptMirrors } from './base-image.js';
import { LAB_CGROUP, cgroupRoots, removeCgroupTree } from './cgroups.js';
import { containerRunning } from './containers.js';
import { labContext, readLabState, writeLabState, type LabContext, type LabOptions } from './context.js';
import { knownHostsLine, writeHostFiles } from './host-files.js';
import { bootHost, hostMemoryMiB, isMounted, killHost, mountHostRoot, unmountHostRoot, waitForSsh } from './hosts.js';
import { LAB_INVENTORY_HEADER, labInventory } from './inventory.js';
import { applyMachineSysctls, ensureBridge, hostLinkIsUp, removeBridge, removeHostNetwork } from './network.js';
import { hostPaths } from './paths.js';
import { findHost, LAB_PROXY_PORT } from './plan.js';
import { ensurePrerequisites, machineProbe, type PrereqProbe } from './prereqs.js';
import { tcpOpen } from './tcp.js';

/**
 * `datalyptica lab up|down|status|start|stop`: five Debian 12 hosts in systemd-nspawn
 * containers on this machine, shaped like the spec's VMs. Every step checks what is already
 * there, so `up` is idempotent and `down` removes whatever exists.
 */

export interface LabUpOptions extends LabOptions {
  installPrereqs?: boolean;
  probe?: PrereqProbe;
  sshTimeoutMs?: number;
}

export interface LabUpResult {
  inventory: string;
  hosts: Array<{ name: string; address: string; booted: boolean }>;
  durationMs: number;
  baseCached: boolean;
}

function progress(lab: LabContext, text: string): void {
  lab.io.notify({ type: 'progress', scope: 'lab', text });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

async function readSysctl(key: string): Promise<number | undefined> {
  const text = await readFile(`/proc/sys/${key.replaceAll('.', '/')}`, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : Number.parseInt(text, 10);
}

async function ensureLabKey(lab: LabContext): Promise<string> {
  if (!(await exists(lab.paths.privateKey))) {
    await mkdir(lab.paths.dir, { recursive: true });
    await rm(`${lab.paths.privateKey}.pub`, { force: true });
    await lab.runner.run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'datalyptica-lab', '-f', lab.paths.privateKey]);
  }
  return readFile(`${lab.paths.privateKey}.pub`, 'utf8');
}

export async function labUp(options: LabUpOptions = {}): Promise<LabUpResult> {
  const lab = labContext(options);
  const started = lab.clock.now();
  await ensurePrerequisites(options.probe ?? machineProbe, lab.runner, lab.io, options.installPrereqs ?? false);
  const previous = await readLabState(lab.paths);
  if (previous && previous.subnet !== lab.plan.subnet) {
    throw new DatalypticaError('E_LAB_SUBNET_CHANGED', `lab: the lab in ${lab.paths.dir} is up on ${previous.subnet}, not ${lab.plan.subnet}`, {
      hint: 'run `datalyptica lab down` first to move it',
    });
  }

  const sysctls = await applyMachineSysctls(readSysctl);
  if (sysctls.length > 0) lab.io.notify({ type: 'message', level: 'info', text: `machine kernel settings for the lab hosts: ${sysctls.join(', ')}` });

  const mirrors = await machineAptMirrors();
  const baseCached = await exists(baseRootfs(lab.paths.baseDir));
  await ensureBaseImage(lab.paths.baseDir, mirrors, lab.runner, lab.io, lab.clock);
  const labKey = await ensureLabKey(lab);

  progress(lab, `bridge ${lab.plan.bridge} and apt proxy ${lab.plan.proxyUrl}`);
  await ensureBridge(lab.plan, lab.runner);
  await ensureAptProxy(
    { confDir: lab.paths.proxyDir, cacheDir: lab.paths.aptCacheDir, bindAddress: lab.plan.bridgeAddresses.management, port: LAB_PROXY_PORT, mirrors },
    lab.runner,
    lab.clock,
  );

  const knownHosts: string[] = [];
  for (const host of lab.plan.hosts) {
    progress(lab, `${host.name}: overlay and identity`);
    const merged = await mountHostRoot(lab, host.name);
    knownHosts.push(knownHostsLine(host, await writeHostFiles(merged, host, lab.plan, labKey, lab.runner)));
  }
  await writeFileAtomic(lab.paths.knownHosts, `${knownHosts.join('\n')}\n`, { backup: false });

  const state = previous ?? { subnet: lab.plan.subnet, cacheDir: lab.paths.cacheDir, pids: {}, upAt: new Date(lab.clock.now()).toISOString() };
  const booted: Record<string, boolean> = {};
  for (const host of lab.plan.hosts) {
    const pid = await bootHost(lab, host);
    booted[host.name] = pid !== undefined;
    if (pid !== undefined) state.pids[host.name] = pid;
  }
  await writeLabState(lab.paths, state);
  progress(lab, 'waiting for every host to answer SSH');
  await Promise.all(lab.plan.hosts.map((host) => waitForSsh(lab, host, options.sshTimeoutMs)));

  const inventoryText = `${LAB_INVENTORY_HEADER}${inventoryToYaml(labInventory(lab.plan, lab.paths))}`;
  await writeFileAtomic(lab.paths.inventory, inventoryText, { backup: false });
  return {
    inventory: lab.paths.inventory,
    hosts: lab.plan.hosts.map((host) => ({ name: host.name, address: host.addresses.management, booted: booted[host.name] ?? false })),
    durationMs: lab.clock.now() - started,
    baseCached,
  };
}

export interface LabDownOptions extends LabOptions {
  purge?: boolean;
}

/** Removes every container, mount, namespace, veth, the bridge and the proxy; with purge also the cached base and apt cache. */
export async function labDown(options: LabDownOptions = {}): Promise<string[]> {
  if (!machineProbe.isRoot()) {
    throw new DatalypticaError('E_LAB_NOT_ROOT', 'lab: must run as root to remove containers, mounts and namespaces', { hint: 'run: sudo datalyptica lab down' });
  }
  const state = await readLabState(labContext(options).paths);
  const lab = labContext({ ...options, subnet: options.subnet ?? state?.subnet, cacheDir: options.cacheDir ?? state?.cacheDir });
  const removed: string[] = [];
  for (const host of lab.plan.hosts) {
    if (await containerRunning(host.name)) removed.push(`container ${host.name}`);
    await killHost(lab, host);
    if (await isMounted(hostPaths(lab.paths, host.name).merged)) removed.push(`mount ${host.name}`);
    await unmountHostRoot(lab, host.name);
    await removeHostNetwork(host, lab.runner);
  }
  for (const root of await cgroupRoots()) await removeCgroupTree(join(root, LAB_CGROUP));
  await removeBridge(lab.plan, lab.runner);
  if (await stopAptProxy(lab.paths.proxyDir, lab.clock)) removed.push('apt-cacher-ng');
  await rm(lab.paths.hostsDir, { recursive: true, force: true });
  await rm(lab.paths.proxyDir, { recursive: true, force: true });
  await rm(lab.paths.state, { force: true });
  if (options.purge) {
    await rm(lab.paths.baseDir, { recursive: true, force: true });
    await rm(lab.paths.aptCacheDir, { recursive: true, force: true });
    await rmdir(lab.paths.cacheDir).catch(() => undefined); // only when nothing else of datalyptica is cached there
    await rm(lab.paths.dir, { recursive: true, force: true });
    removed.push(`base image and apt cache under ${lab.paths.cacheDir}`, `state dir ${lab.paths.dir}`);
  }
  return removed;
}

export interface LabHostStatus {
  name: string;
  role: string;
  addresses: Record<string, string>;
  running: boolean;
  linkUp: boolean;
  sshPortOpen: boolean;
  memoryMiB: number;
}

export interface LabStatus {
  up: boolean;
  dir: string;
  subnet?: string;
  proxy?: { url: string; running: boolean };
  hosts: LabHostStatus[];
}

export async function labStatus(options: LabOptions = {}): Promise<LabStatus> {
  const paths = labContext(options).paths;
  const state = await readLabState(paths);
  if (!state) return { up: false, dir: paths.dir, hosts: [] };
  const lab = labContext({ ...options, subnet: state.subnet, cacheDir: state.cacheDir });
  const hosts = await Promise.all(
    lab.plan.hosts.map(async (host) => {
      const running = await containerRunning(host.name);
      const linkUp = await hostLinkIsUp(host, lab.runner);
      return {
        name: host.name,
        role: host.role,
        addresses: host.addresses,
        running,
        linkUp,
        sshPortOpen: running && linkUp && (await tcpOpen(host.addresses.management, 22, 1000)),
        memoryMiB: running ? await hostMemoryMiB(host.name) : 0,
      };
    }),
  );
  return {
    up: true,
    dir: paths.dir,
    subnet: state.subnet,
    proxy: { url: lab.plan.proxyUrl, running: (await aptProxyPid(paths.proxyDir)) !== undefined },
    hosts,
  };
}

/** `lab stop <host>`: powers the host off hard (for failure tests); it vanishes from the network. */
export async function labStop(lab: LabContext, name: string): Promise<boolean> {
  const host = findHost(lab.plan, name);
  const wasRunning = await containerRunning(host.name);
  await killHost(lab, host);
  return wasRunning;
}

/** `lab start <host>`: powers the host on and waits until it answers SSH. */
export async function labStart(lab: LabContext, name: string, sshTimeoutMs?: number): Promise<boolean> {
  const host = findHost(lab.plan, name);
  const pid = await bootHost(lab, host);
  if (pid !== undefined) {
    const state = await readLabState(lab.paths);
    if (state) await writeLabState(lab.paths, { ...state, pids: { ...state.pids, [host.name]: pid } });
  }
  await waitForSsh(lab, host, sshTimeoutMs);
  return pid !== undefined;
}

