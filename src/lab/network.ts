import { writeFile } from 'node:fs/promises';
import { NETWORK_NAMES } from '../inventory/layout.js';
import type { LabHostPlan, LabPlan } from './plan.js';
import type { Runner } from './runner.js';

/**
 * The lab network: one bridge holding the machine's .1 on each of the three /24s, one network
 * namespace per host with one veth (eth0 inside) on the bridge. Hosts keep their namespace
 * while powered off, so a stopped host's veth is taken down: it then vanishes (timeouts)
 * instead of refusing connections with addresses, and VIPs, it still holds.
 */

async function linkExists(runner: Runner, name: string, netns?: string): Promise<boolean> {
  const args = netns ? ['-n', netns, 'link', 'show', 'dev', name] : ['link', 'show', 'dev', name];
  return (await runner.run('ip', args, { allowFailure: true })).exitCode === 0;
}

export async function netnsExists(runner: Runner, name: string): Promise<boolean> {
  const { stdout } = await runner.run('ip', ['netns', 'list']);
  return stdout.split('\n').some((line) => line.split(/\s+/)[0] === name);
}

export async function ensureBridge(plan: LabPlan, runner: Runner): Promise<void> {
  if (!(await linkExists(runner, plan.bridge))) {
    // No multicast snooping: keepalived's VRRP adverts (224.0.0.18) must reach every host.
    await runner.run('ip', ['link', 'add', plan.bridge, 'type', 'bridge', 'mcast_snooping', '0', 'stp_state', '0', 'forward_delay', '0']);
  }
  for (const network of NETWORK_NAMES) {
    await runner.run('ip', ['addr', 'replace', `${plan.bridgeAddresses[network]}/${plan.prefixLength}`, 'dev', plan.bridge]);
  }
  await runner.run('ip', ['link', 'set', plan.bridge, 'up']);
}

/** The host's own three addresses on eth0, as its VM network configuration would set them at boot. */
async function configureHostAddresses(host: LabHostPlan, plan: LabPlan, runner: Runner): Promise<void> {
  const ns = ['-n', host.netns];
  for (const network of NETWORK_NAMES) {
    await runner.run('ip', [...ns, 'addr', 'replace', `${host.addresses[network]}/${plan.prefixLength}`, 'dev', 'eth0']);
  }
  await runner.run('ip', [...ns, 'link', 'set', 'lo', 'up']);
  await runner.run('ip', [...ns, 'link', 'set', 'eth0', 'up']);
  // A default route like a VM's; the machine does not forward, so nothing leaves the lab.
  await runner.run('ip', [...ns, 'route', 'replace', 'default', 'via', plan.bridgeAddresses.management, 'dev', 'eth0']);
}

/** Namespace and veth of one host, on the bridge; the veth stays down until the host is started. */
export async function ensureHostNetwork(host: LabHostPlan, plan: LabPlan, runner: Runner): Promise<void> {
  if (!(await netnsExists(runner, host.netns))) await runner.run('ip', ['netns', 'add', host.netns]);
  if (!(await linkExists(runner, 'eth0', host.netns))) {
    await runner.run('ip', ['link', 'del', host.veth], { allowFailure: true });
    await runner.run('ip', ['link', 'add', host.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'address', host.mac, 'netns', host.netns]);
  }
  await runner.run('ip', ['link', 'set', host.veth, 'master', plan.bridge]);
}

/** Power on: addresses configured, then the cable plugged in. */
export async function hostLinkUp(host: LabHostPlan, plan: LabPlan, runner: Runner): Promise<void> {
  await configureHostAddresses(host, plan, runner);
  await runner.run('ip', ['link', 'set', host.veth, 'up']);
}

export async function hostLinkDown(host: LabHostPlan, runner: Runner): Promise<void> {
  if (await linkExists(runner, host.veth)) await runner.run('ip', ['link', 'set', host.veth, 'down']);
}

export async function hostLinkIsUp(host: LabHostPlan, runner: Runner): Promise<boolean> {
  const { exitCode, stdout } = await runner.run('ip', ['-o', 'link', 'show', 'dev', host.veth], { allowFailure: true });
  return exitCode === 0 && /<[^>]*\bUP\b[^>]*>/.test(stdout);
}

export async function removeHostNetwork(host: LabHostPlan, runner: Runner): Promise<void> {
  if (await netnsExists(runner, host.netns)) await runner.run('ip', ['netns', 'del', host.netns]);
  // Deleting the namespace destroys the veth pair, asynchronously: it may vanish under us.
  await runner.run('ip', ['link', 'del', host.veth], { allowFailure: true });
  if (await linkExists(runner, host.veth)) await runner.run('ip', ['link', 'del', host.veth]);
}

export async function removeBridge(plan: LabPlan, runner: Runner): Promise<void> {
  if (await linkExists(runner, plan.bridge)) await runner.run('ip', ['link', 'del', plan.bridge]);
}

/**
 * Kernel-wide settings the spec's phase 1 wants; inside a container /proc/sys is read-only
 * except per-namespace keys, so the lab sets these on the machine. Only ever raised (the
 * spec's values are floors), except swappiness and overcommit which the spec fixes.
 */
export const MACHINE_SYSCTLS: Array<{ key: string; value: number; raiseOnly: boolean }> = [
  { key: 'fs.file-max', value: 2097152, raiseOnly: true },
  { key: 'vm.max_map_count', value: 262144, raiseOnly: true },
  { key: 'vm.swappiness', value: 1, raiseOnly: false },
  { key: 'vm.overcommit_memory', value: 1, raiseOnly: false },
];

export function sysctlWrites(current: Record<string, number>): Array<{ key: string; value: number }> {
  return MACHINE_SYSCTLS.filter(({ key, value, raiseOnly }) => {
    const now = current[key];
    return now === undefined || (raiseOnly ? now < value : now !== value);
  }).map(({ key, value }) => ({ key, value }));
}

export async function applyMachineSysctls(readValue: (key: string) => Promise<number | undefined>): Promise<string[]> {
  const current: Record<string, number> = {};
  for (const { key } of MACHINE_SYSCTLS) {
    const value = await readValue(key);
    if (value !== undefined) current[key] = value;
  }
  const writes = sysctlWrites(current);
  for (const { key, value } of writes) await writeFile(`/proc/sys/${key.replaceAll('.', '/')}`, `${value}\n`);
  return writes.map(({ key, value }) => `${key} = ${value}`);
}
