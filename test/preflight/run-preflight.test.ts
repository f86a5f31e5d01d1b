import { describe, expect, it } from 'vitest';
import { DatalypticaError } from '../../src/core/errors.js';
import { RecordingIoHost } from '../../src/core/events.js';
import { runPreflight } from '../../src/preflight/index.js';
import { ConnectionPool } from '../../src/ssh/pool.js';
import type { ExecResult } from '../../src/ssh/transport.js';
import { fixture, labHost, labInventory, ScriptedTransport, fixedClock, withFact, withHostTime } from './helpers.js';

const HOSTS = [labHost('vm1', 11), labHost('vm2', 12), labHost('vm3', 13)];

/** What the lab host vm<n> prints: the real vm1 output with that host's addresses. */
function labOutput(octet: number): string {
  const addresses = ['20', '21', '22'].map((net) => `2: eth0    inet 198.18.${net}.${octet}/24 scope global eth0`);
  return withFact(fixture('lab-vm1-debian12-nspawn'), 'addr', ...addresses);
}

/** This machine's clock stands at 1000 s: a host whose script runs around T is T - 1000 s off. */
function pool(outputs: Record<string, string | Error>, transports: ScriptedTransport[] = []): ConnectionPool {
  return new ConnectionPool(async (host) => {
    const output = outputs[host];
    if (output instanceof Error) throw output;
    const transport = new ScriptedTransport(host, (): ExecResult => ({ code: 0, stdout: output ?? '', stderr: '' }));
    transports.push(transport);
    return transport;
  });
}

describe('runPreflight', () => {
  it('passes the lab with warnings only, in one round trip per host', async () => {
    const transports: ScriptedTransport[] = [];
    const outputs = Object.fromEntries(HOSTS.map((host, i) => [host.name, withHostTime(labOutput(11 + i), 999.999, 1000.001)]));
    const io = new RecordingIoHost();
    const report = await runPreflight(labInventory(HOSTS), pool(outputs, transports), { io, clock: fixedClock(1_000_000), modules: [] });
    expect(report.ok).toBe(true);
    expect(report.hosts).toEqual(['vm1', 'vm2', 'vm3']);
    expect(report.checks.map((c) => c.id)).toEqual(['connect', 'os', 'cpu', 'memory', 'disk', 'data-free', 'addresses', 'ports', 'sudo', 'clock', 'bundle', 'package-proxy']);
    expect(report.counts).toEqual({ pass: 27, warn: 9, fail: 0 });
    expect(report.results.filter((r) => r.status === 'warn').map((r) => r.check)).toEqual(['cpu', 'memory', 'disk', 'cpu', 'memory', 'disk', 'cpu', 'memory', 'disk']);
    expect(transports.map((t) => t.calls.length)).toEqual([1, 1, 1]);
    expect(transports[0]!.calls[0]!.command).toBe('sh -s');
    expect(String(transports[0]!.calls[0]!.options.stdin)).toContain("probe package-proxy 'http://198.18.20.1:3142' '198.18.20.1' 3142");
    expect(report.clock.spreadSeconds).toBeCloseTo(0, 6);
    expect(io.events.filter((e) => e.type === 'progress')).toHaveLength(6);
  });

  it('fails every check of an unreachable host with its connection error, and still checks the others', async () => {
    const outputs: Record<string, string | Error> = {
      vm1: withHostTime(labOutput(11), 999.999, 1000.001),
      vm2: new DatalypticaError('E_SSH_TIMEOUT', 'vm2 (198.18.20.12:22): no SSH answer within 5 s', { hint: 'check the address, the firewall, or raise ssh.connectTimeoutSeconds' }),
      vm3: withHostTime(labOutput(13), 999.999, 1000.001),
    };
    const report = await runPreflight(labInventory(HOSTS), pool(outputs), { clock: fixedClock(1_000_000), modules: [] });
    expect(report.ok).toBe(false);
    const vm2 = report.results.filter((r) => r.host === 'vm2');
    expect(vm2).toHaveLength(report.checks.length);
    for (const result of vm2) {
      expect(result).toMatchObject({ status: 'fail', detail: 'vm2 (198.18.20.12:22): no SSH answer within 5 s', fix: 'check the address, the firewall, or raise ssh.connectTimeoutSeconds' });
    }
    expect(report.results.filter((r) => r.host !== 'vm2' && r.status === 'fail')).toEqual([]);
    expect(Object.keys(report.clock.offsets)).toEqual(['vm1', 'vm3']);
  });

  it('finds the host whose clock is off', async () => {
    const outputs = {
      vm1: withHostTime(labOutput(11), 999.999, 1000.001),
      vm2: withHostTime(labOutput(12), 1002.999, 1003.001),
      vm3: withHostTime(labOutput(13), 999.999, 1000.001),
    };
    const report = await runPreflight(labInventory(HOSTS), pool(outputs), { clock: fixedClock(1_000_000) });
    const clock = report.results.filter((r) => r.check === 'clock');
    expect(clock.map((r) => r.status)).toEqual(['pass', 'fail', 'pass']);
    expect(report.clock.spreadSeconds).toBeCloseTo(3, 6);
    expect(report.clock.offsets.vm2!.offsetSeconds).toBeCloseTo(3, 6);
  });

  it('checks only the hosts asked for, and refuses unknown names', async () => {
    const outputs = { vm3: withHostTime(labOutput(13), 999.999, 1000.001) };
    const report = await runPreflight(labInventory(HOSTS), pool(outputs), { hosts: ['vm3'], clock: fixedClock(1_000_000) });
    expect(report.hosts).toEqual(['vm3']);
    await expect(runPreflight(labInventory(HOSTS), pool({}), { hosts: ['vm9'] })).rejects.toMatchObject({ code: 'E_FLAGS', message: '--hosts: no host named vm9 in the inventory', exitCode: 2 });
  });

  it('probes only configured http(s) endpoints', async () => {
    const inventory = labInventory([labHost('vm1', 11)], {
      artifacts: { mirror: 'file:///srv/mirror' },
      objectStorage: { endpoint: 'https://s3.example', buckets: { warehouse: 'w', staging: 's', backups: 'b', ml: 'm' }, credentials: { fromFile: 's3.env' } },
    });
    const transports: ScriptedTransport[] = [];
    const output = `${withHostTime(labOutput(11), 999.999, 1000.001)}probe.object-storage.tool=curl\nprobe.object-storage.exit=0\nprobe.object-storage.out=http_code=403\n`;
    const report = await runPreflight(inventory, pool({ vm1: output }, transports), { clock: fixedClock(1_000_000) });
    expect(report.checks.map((c) => c.id).slice(-1)).toEqual(['object-storage']);
    expect(report.results.find((r) => r.check === 'object-storage')).toMatchObject({ status: 'pass', detail: 'https://s3.example answers HTTP 403' });
    expect(String(transports[0]!.calls[0]!.options.stdin)).not.toContain('file://');
  });

  it('tries the sudo password in a second round trip only when sudo asks for one and the inventory supplies it', async () => {
    const inventory = labInventory([{ ...labHost('vm1', 11) }], { ssh: { user: 'admin', become: { method: 'sudo', passwordEnv: 'SUDO_PW' } } });
    const output = withFact(withFact(withFact(withHostTime(labOutput(11), 999.999, 1000.001), 'uid', '1000'), 'sudo', 'fail'), 'sudo.error', '[sudo] password for admin: sudo: a password is required');
    const calls: string[] = [];
    const poolWithSudo = new ConnectionPool(async (host) =>
      new ScriptedTransport(host, (command, options) => {
        calls.push(`${command}${options.sudo ? ' (sudo)' : ''}`);
        return { code: 0, stdout: command === 'sh -s' ? output : '', stderr: '' };
      }, 'admin'),
    );
    const report = await runPreflight(inventory, poolWithSudo, { env: { SUDO_PW: 'secret' }, clock: fixedClock(1_000_000) });
    expect(calls).toEqual(['sh -s', 'true (sudo)']);
    expect(report.results.find((r) => r.check === 'sudo')).toMatchObject({ status: 'pass', detail: 'admin (uid 1000): sudo with the password from $SUDO_PW' });

    calls.length = 0;
    const without = await runPreflight(inventory, poolWithSudo, { env: {}, clock: fixedClock(1_000_000) });
    expect(calls).toEqual(['sh -s']);
    expect(without.results.find((r) => r.check === 'sudo')?.status).toBe('fail');
  });

  it('reports a script that could not run as a failed host', async () => {
    const broken = new ConnectionPool(async (host) => new ScriptedTransport(host, () => ({ code: 127, stdout: '', stderr: 'sh: not found\n' })));
    const report = await runPreflight(labInventory([labHost('vm1', 11)]), broken);
    expect(report.results[0]).toMatchObject({ status: 'fail', detail: 'vm1: the facts script failed: sh: not found' });
  });
});
