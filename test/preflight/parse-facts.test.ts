import { describe, expect, it } from 'vitest';
import { cpuQuota, parseFacts, parseIpAddrLine, parseKeyValues, parseSsLine } from '../../src/preflight/parse-facts.js';
import { fixture } from './helpers.js';

describe('parseFacts', () => {
  it('reads a lab host (Debian 12 in systemd-nspawn, root)', () => {
    const facts = parseFacts(fixture('lab-vm1-debian12-nspawn'), ['package-proxy', 'mirror']);
    expect(facts.os).toEqual({ id: 'debian', idLike: [], versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
    expect(facts.uid).toBe(0);
    expect(facts.cpus).toBe(2);
    expect(facts.memoryBytes).toBe(24684084 * 1024);
    expect(facts.data).toEqual({ path: '/', device: 'lab-vm1', mount: '/', sizeBytes: 264212084 * 1024, availBytes: 82448108 * 1024 });
    expect(facts.addresses.filter((a) => a.family === 'inet').map((a) => `${a.iface} ${a.address}/${a.prefix}`)).toEqual([
      'lo 127.0.0.1/8',
      'eth0 198.18.20.11/24',
      'eth0 198.18.21.11/24',
      'eth0 198.18.22.11/24',
    ]);
    expect(facts.listeners).toEqual([
      { protocol: 'tcp', address: '0.0.0.0', port: 22, processes: [{ name: 'sshd', pid: 33 }] },
      { protocol: 'tcp', address: '::', port: 22, processes: [{ name: 'sshd', pid: 33 }] },
    ]);
    expect(facts.listenersPrivileged).toBe(true);
    expect(facts.sudo).toEqual({ state: 'root' });
    expect(facts.container).toBe('systemd-nspawn');
    expect(facts.ntpSynchronized).toBe(false);
    expect(facts.hostTime!.end - facts.hostTime!.start).toBeCloseTo(0.0356, 3);
    expect(facts.probes['package-proxy']).toEqual({ tool: 'curl', exit: 0, httpCode: 406 });
    expect(facts.probes.mirror).toEqual({ tool: 'curl', exit: 7, httpCode: 0, error: "curl: (7) Failed to connect to 198.18.20.1 port 9 after 0 ms: Couldn't connect to server" });
  });

  it('reads a RHEL 9 VM reached as a sudo user, with /data mounted', () => {
    const facts = parseFacts(fixture('rhel9-vm-sudo'), ['mirror', 'object-storage']);
    expect(facts.os.id).toBe('rhel');
    expect(facts.os.versionId).toBe('9.3');
    expect(facts.uid).toBe(1000);
    expect(facts.sudo).toEqual({ state: 'ok' });
    expect(facts.listenersPrivileged).toBe(true);
    expect(facts.data?.path).toBe('/data');
    expect(facts.container).toBeUndefined();
    expect(facts.listeners?.find((l) => l.port === 80)?.processes).toEqual([{ name: 'nginx', pid: 3301 }, { name: 'nginx', pid: 3300 }]);
    expect(facts.listeners?.filter((l) => l.protocol === 'udp').map((l) => l.address)).toEqual(['127.0.0.1', '::1']);
    expect(facts.probes['object-storage']?.httpCode).toBe(403);
    expect(facts.probes.mirror?.exit).toBe(60);
  });

  it('reads this machine (a Docker container, a listener whose process is not visible)', () => {
    const facts = parseFacts(fixture('debian12-docker-machine'), []);
    expect(facts.container).toBe('docker');
    expect(facts.ntpSynchronized).toBeUndefined();
    expect(facts.listeners?.find((l) => l.port === 2024)?.processes).toEqual([]);
  });

  it('leaves out what a host did not report, and ignores noise from login scripts', () => {
    const facts = parseFacts('Welcome to the jungle\nos.id=debian\nlisten.tool=none\nsudo=fail\nsudo.error=sudo: a password is required\n', []);
    expect(facts.os.id).toBe('debian');
    expect(facts.cpus).toBeUndefined();
    expect(facts.memoryBytes).toBeUndefined();
    expect(facts.data).toBeUndefined();
    expect(facts.listeners).toBeUndefined();
    expect(facts.hostTime).toBeUndefined();
    expect(facts.sudo).toEqual({ state: 'fail', error: 'sudo: a password is required' });
  });

  it('caps CPUs and memory by cgroup v2 limits', () => {
    const facts = parseFacts('nproc=8\ncgroup.cpu_max=200000 100000\nmem.total_kb=16000000\ncgroup.memory_max=4294967296\n', []);
    expect(facts.cpus).toBe(2);
    expect(facts.memoryBytes).toBe(4294967296);
    const unlimited = parseFacts('nproc=8\ncgroup.cpu_max=max 100000\nmem.total_kb=1000\ncgroup.memory_max=max\n', []);
    expect(unlimited.cpus).toBe(8);
    expect(unlimited.memoryBytes).toBe(1024000);
  });
});

describe('line parsers', () => {
  it('parses ip -o addr lines, with veth peers and IPv6', () => {
    expect(parseIpAddrLine('5: eth0@if6    inet 10.20.0.11/24 brd 10.20.0.255 scope global eth0\\       valid_lft forever')).toEqual({ iface: 'eth0', family: 'inet', address: '10.20.0.11', prefix: 24 });
    expect(parseIpAddrLine('2: ens3    inet6 fd00::11/64 scope global')).toEqual({ iface: 'ens3', family: 'inet6', address: 'fd00::11', prefix: 64 });
    expect(parseIpAddrLine('2: ens3: <BROADCAST> mtu 1500')).toBeUndefined();
  });

  it('parses ss lines: scoped addresses, wildcard, UDP', () => {
    expect(parseSsLine('udp UNCONN 0 0 127.0.0.53%lo:53 0.0.0.0:* users:(("systemd-resolve",pid=512,fd=13))')).toEqual({
      protocol: 'udp',
      address: '127.0.0.53',
      port: 53,
      processes: [{ name: 'systemd-resolve', pid: 512 }],
    });
    expect(parseSsLine('tcp LISTEN 0 4096 *:9100 *:*')).toEqual({ protocol: 'tcp', address: '*', port: 9100, processes: [] });
    expect(parseSsLine('tcp LISTEN 0 128 [::ffff:127.0.0.1]:8080 [::]:*')?.address).toBe('::ffff:127.0.0.1');
    expect(parseSsLine('State Recv-Q Send-Q')).toBeUndefined();
  });

  it('reads cgroup cpu.max quotas', () => {
    expect(cpuQuota('150000 100000')).toBe(2);
    expect(cpuQuota('max 100000')).toBeUndefined();
    expect(cpuQuota(undefined)).toBeUndefined();
  });

  it('keeps every value of a repeated key and the text after the first =', () => {
    expect(parseKeyValues('a=1\na=2=3\nB=x\n=y\n')).toEqual(new Map([['a', ['1', '2=3']]]));
  });
});
