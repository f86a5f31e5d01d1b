import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { beforeAll, expect, it } from 'vitest';
import { RecordingIoHost } from '../../src/core/events.js';
import { loadLab, type LabContext } from '../../src/lab/context.js';
import { killServiceProcesses, servicePids } from '../../src/lab/faults.js';
import { sshArgs } from '../../src/lab/hosts.js';
import { labStart, labStop, labUp } from '../../src/lab/lab.js';
import { tcpOpen } from '../../src/lab/tcp.js';
import { addressAt } from '../../src/inventory/layout-net.js';
import { describeLab, needRoot } from './preconditions.js';

/** Host numbers no lab host or VIP uses, for addresses the tests add and remove. */
const SPARE_OFFSET = 198;

/**
 * Builds (or reuses) the five-host lab that every later lab test uses, and proves it behaves
 * like the spec's VMs: SSH with strict host keys, packages through the proxy, one network,
 * power off/on that makes a host vanish and come back. Leaves the lab up.
 */

let lab: LabContext;

async function ssh(address: string, command: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const result = await execa('ssh', [...sshArgs(lab.paths), '-o', 'BatchMode=yes', `root@${address}`, command], { reject: false });
  return { exitCode: result.exitCode ?? 255, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Resolves with how a TCP connection attempt ended: connected, refused, or timed out. */
function connectOutcome(address: string, port: number, timeoutMs: number): Promise<string> {
  return import('node:net').then(
    ({ createConnection }) =>
      new Promise((resolve) => {
        const socket = createConnection({ host: address, port, timeout: timeoutMs });
        socket.once('connect', () => (socket.destroy(), resolve('connected')));
        socket.once('timeout', () => (socket.destroy(), resolve('timeout')));
        socket.once('error', (error: NodeJS.ErrnoException) => (socket.destroy(), resolve(error.code ?? 'error')));
      }),
  );
}

describeLab('lab up', needRoot(), () => {
  beforeAll(async () => {
    await labUp({ io: new RecordingIoHost() });
    lab = await loadLab();
  });

  it('boots five hosts that answer SSH as root with strict host-key checking', async () => {
    const identities = await Promise.all(lab.plan.hosts.map((host) => ssh(host.addresses.management, 'echo $(hostname) $(cat /etc/machine-id) $(systemctl is-system-running)')));
    const lines = identities.map((result) => result.stdout.trim().split(' '));
    expect(lines.map((line) => line[0])).toEqual(['vm1', 'vm2', 'vm3', 'vm4', 'vm5']);
    expect(new Set(lines.map((line) => line[1])).size).toBe(5);
    // Booted to the end; `degraded` only means a unit failed (later tests may leave one behind).
    for (const line of lines) expect(line[2]).toMatch(/^(running|degraded)$/);
    const knownHosts = await readFile(lab.paths.knownHosts, 'utf8');
    expect(new Set(knownHosts.trim().split('\n').map((line) => line.split(' ')[2])).size).toBe(5);
  });

  it('refuses a host key that is not in the lab known_hosts', async () => {
    const result = await execa('ssh', ['-i', lab.paths.privateKey, '-o', 'UserKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', `root@${lab.plan.hosts[0]!.addresses.management}`, 'true'], { reject: false });
    expect(result.exitCode).not.toBe(0);
    expect(String(result.stderr)).toMatch(/host key verification failed/i);
  });

  it('installs packages through the apt proxy on the bridge', async () => {
    const vm1 = lab.plan.hosts[0]!.addresses.management;
    const install = await ssh(vm1, 'apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q jq >/dev/null && jq --version && apt-config dump Acquire::http::Proxy');
    expect(install.exitCode).toBe(0);
    expect(install.stdout).toContain('jq-1.6');
    expect(install.stdout).toContain(`Acquire::http::Proxy "${lab.plan.proxyUrl}"`);
  });

  it('connects hosts on all three networks and lets a host add a VIP the machine reaches', async () => {
    const [vm1, vm2] = lab.plan.hosts;
    const pings = await ssh(vm1!.addresses.management, Object.values(vm2!.addresses).map((address) => `ping -c1 -W2 ${address} >/dev/null`).join(' && '));
    expect(pings.exitCode).toBe(0);
    // A spare address, not a real VIP: after an install keepalived already holds those.
    const vip = addressAt(lab.plan.networks.application, SPARE_OFFSET);
    expect((await ssh(vm1!.addresses.management, `ip addr add ${vip}/24 dev eth0`)).exitCode).toBe(0);
    try {
      expect(await tcpOpen(vip, 22, 3000)).toBe(true);
    } finally {
      await ssh(vm1!.addresses.management, `ip addr del ${vip}/24 dev eth0`);
    }
  });

  it('powers a host off so that it vanishes (timeouts, not refusals), and back on', async () => {
    const vm2 = lab.plan.hosts[1]!;
    const vip = addressAt(lab.plan.networks.application, SPARE_OFFSET + 1);
    expect((await ssh(vm2.addresses.management, `ip addr add ${vip}/24 dev eth0`)).exitCode).toBe(0);
    await labStop(lab, 'vm2');
    expect(await connectOutcome(vip, 22, 2000)).toMatch(/^(timeout|EHOSTUNREACH)$/);
    expect(await connectOutcome(vm2.addresses.management, 22, 2000)).toMatch(/^(timeout|EHOSTUNREACH)$/);
    const fromVm1 = await ssh(lab.plan.hosts[0]!.addresses.management, `ping -c1 -W1 ${vm2.addresses.application}`);
    expect(fromVm1.exitCode).not.toBe(0);
    await labStart(lab, 'vm2');
    expect((await ssh(vm2.addresses.management, 'hostname')).stdout.trim()).toBe('vm2');
    // Like a rebooted VM, it comes back without the VIP it held.
    expect((await ssh(vm2.addresses.management, 'ip -o addr show dev eth0')).stdout).not.toContain(vip);
  });

  it('kills the processes of a service from the machine side', async () => {
    const vm3 = lab.plan.hosts[2]!.addresses.management;
    await ssh(vm3, "systemctl reset-failed lab-fault-test 2>/dev/null; systemd-run -q --unit=lab-fault-test -p Restart=no sh -c 'sleep 600 & sleep 601 & wait'");
    await expect.poll(async () => (await servicePids('vm3', 'lab-fault-test.service')).length).toBe(3);
    expect(await killServiceProcesses(lab, 'vm3', 'lab-fault-test.service')).toHaveLength(3);
    await expect.poll(async () => (await ssh(vm3, 'systemctl is-active lab-fault-test')).stdout.trim()).toBe('failed');
    await ssh(vm3, 'systemctl reset-failed lab-fault-test');
  });

  it("lets hosts set their own network sysctls (phase 1's somaxconn, HAProxy's ip_nonlocal_bind)", async () => {
    const result = await ssh(lab.plan.hosts[3]!.addresses.management, 'sysctl -w net.core.somaxconn=65535 net.ipv4.ip_nonlocal_bind=1');
    expect(result.exitCode).toBe(0);
  });

  it('is idempotent: a second up boots nothing and keeps host keys', async () => {
    const before = await readFile(lab.paths.knownHosts, 'utf8');
    const again = await labUp({ io: new RecordingIoHost() });
    expect(again.hosts.map((host) => host.booted)).toEqual(Array(5).fill(false));
    expect(again.baseCached).toBe(true);
    expect(await readFile(lab.paths.knownHosts, 'utf8')).toBe(before);
  });
});
