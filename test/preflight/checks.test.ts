import { describe, expect, it } from 'vitest';
import { findService, placeServices } from '../../src/catalog/index.js';
import { checkAddresses } from '../../src/preflight/checks/addresses.js';
import { checkEndpoint } from '../../src/preflight/checks/endpoints.js';
import { checkOs } from '../../src/preflight/checks/os.js';
import { checkPorts } from '../../src/preflight/checks/ports.js';
import { processLooksLike } from '../../src/preflight/checks/process-names.js';
import { checkCpu, checkDataFree, checkDisk, checkMemory } from '../../src/preflight/checks/resources.js';
import { checkSudo } from '../../src/preflight/checks/sudo.js';
import { probeTarget } from '../../src/preflight/facts-script.js';
import { parseFacts, type HostFacts } from '../../src/preflight/parse-facts.js';
import { fixture, labHost, labInventory, withFact } from './helpers.js';

const GIB = 1024 ** 3;
const lab = (): HostFacts => parseFacts(fixture('lab-vm1-debian12-nspawn'), ['package-proxy', 'mirror']);
const osFacts = (lines: string): HostFacts => parseFacts(lines, []);

describe('operating system', () => {
  it.each([
    ['os.id=debian\nos.version_id=12', 'pass'],
    ['os.id=ubuntu\nos.version_id=22.04', 'pass'],
    ['os.id=rhel\nos.version_id=9.3', 'pass'],
    ['os.id=rocky\nos.id_like=rhel centos fedora\nos.version_id=9.2', 'warn'],
    ['os.id=ubuntu\nos.version_id=24.04', 'fail'],
    ['os.id=debian\nos.version_id=11', 'fail'],
    ['os.id=rhel\nos.version_id=8.9', 'fail'],
    ['', 'fail'],
  ])('%j is %s', (lines, status) => {
    const outcome = checkOs(osFacts(lines));
    expect(outcome.status).toBe(status);
    if (status === 'fail') expect(outcome.fix).toBe('install Debian 12, Ubuntu 22.04 or RHEL 9');
  });
});

describe('CPU, memory and disk', () => {
  it('warns, not fails, for the lab: as declared, below the spec minimum', () => {
    const host = labHost('vm1', 11);
    for (const outcome of [checkCpu(host, lab()), checkMemory(host, lab()), checkDisk(host, lab())]) {
      expect(outcome.status).toBe('warn');
      expect(outcome.detail).toContain("below the spec's minimum");
    }
    expect(checkCpu(host, lab()).detail).toBe("2 vCPU (declared 2 vCPU, spec minimum 16 vCPU for control): below the spec's minimum");
  });

  it('fails when the host has less than the inventory declares (more than 5% less)', () => {
    const host = { ...labHost('vm4', 21, 'data'), resources: { vcpu: 32, memoryGiB: 128, diskGiB: 2048 } };
    const cpu = checkCpu(host, lab());
    expect(cpu).toMatchObject({ status: 'fail', detail: '2 vCPU usable, the inventory declares 32 vCPU' });
    expect(cpu.fix).toContain('resources.vcpu: 2 for host vm4');
    expect(checkMemory(host, lab()).status).toBe('fail');
    expect(checkDisk(host, lab()).status).toBe('fail');
  });

  it('passes a host at the spec minimum, allowing for memory the kernel reserves', () => {
    const host = { ...labHost('vm1', 11), resources: { vcpu: 16, memoryGiB: 64, diskGiB: 1024 } };
    // A 64 GiB VM shows about 62.8 GiB in MemTotal; a 1 TiB disk formats to a little less.
    const facts = osFacts(`nproc=16\nmem.total_kb=${Math.round((62.8 * GIB) / 1024)}\ndata.path=/data\ndata.mount=/data\ndata.size_kb=${Math.round((1000 * GIB) / 1024)}\ndata.avail_kb=${Math.round((990 * GIB) / 1024)}`);
    expect(checkCpu(host, facts).status).toBe('pass');
    expect(checkMemory(host, facts).status).toBe('pass');
    expect(checkDisk(host, facts)).toMatchObject({ status: 'pass' });
    expect(checkDisk(host, facts).detail).toMatch(/^\/data \(on \/data\): /);
  });

  it('judges free space where /data lives', () => {
    const facts = (availGiB: number, sizeGiB: number) => osFacts(`data.path=/\ndata.mount=/\ndata.size_kb=${sizeGiB * 1024 * 1024}\ndata.avail_kb=${availGiB * 1024 * 1024}`);
    expect(checkDataFree(lab()).status).toBe('pass');
    expect(checkDataFree(facts(5, 100))).toMatchObject({ status: 'fail', detail: '5.0 GiB free of 100.0 GiB at / (no /data yet)' });
    expect(checkDataFree(facts(50, 1000)).status).toBe('warn');
    expect(checkDataFree(osFacts('')).status).toBe('fail');
  });
});

describe('addresses', () => {
  it('passes when the three inventory addresses are on interfaces', () => {
    expect(checkAddresses(labHost('vm1', 11), lab())).toEqual({ status: 'pass', detail: '198.18.20.11 on eth0, 198.18.21.11 on eth0, 198.18.22.11 on eth0' });
  });

  it('fails with the details, warns when only the management address is missing (NAT, bastion)', () => {
    const facts = parseFacts(withFact(fixture('lab-vm1-debian12-nspawn'), 'addr', '2: eth0    inet 198.18.20.12/24 scope global eth0'), []);
    const outcome = checkAddresses(labHost('vm2', 12), facts);
    expect(outcome).toMatchObject({ status: 'fail', detail: 'application 198.18.21.12, storage 198.18.22.12 not on any interface (the host has 198.18.20.12/24)' });
    expect(outcome.fix).toBe("add 198.18.21.12, 198.18.22.12 to vm2's interfaces, or correct its addresses in the inventory");
    const natted = parseFacts(withFact(fixture('lab-vm1-debian12-nspawn'), 'addr', '2: eth0    inet 198.18.21.12/24 scope global eth0', '2: eth0    inet 198.18.22.12/24 scope global eth0'), []);
    expect(checkAddresses(labHost('vm2', 12), natted).status).toBe('warn');
  });
});

describe('ports', () => {
  const inventory = labInventory([labHost('vm1', 11)]);
  const vm1 = placeServices(inventory).filter((p) => p.host === 'vm1');
  const withListeners = (...lines: string[]) => parseFacts(withFact(fixture('lab-vm1-debian12-nspawn'), 'listen', ...lines), []);

  it('passes on a fresh host (only sshd listens)', () => {
    const outcome = checkPorts(vm1, lab());
    expect(outcome.status).toBe('pass');
    expect(outcome.detail).toMatch(/^\d+ ports free$/);
  });

  it('fails for a foreign process, with the fix naming it', () => {
    const outcome = checkPorts(vm1, withListeners('tcp LISTEN 0 511 0.0.0.0:80 0.0.0.0:* users:(("nginx",pid=3301,fd=6))'));
    expect(outcome.status).toBe('fail');
    expect(outcome.detail).toContain('80/tcp (haproxy) in use by nginx (pid 3301)');
    expect(outcome.fix).toBe('free port 80: stop nginx (pid 3301)');
  });

  it('warns when the expected service already holds its port (an earlier install)', () => {
    const outcome = checkPorts(vm1, withListeners('tcp LISTEN 0 244 0.0.0.0:5432 0.0.0.0:* users:(("postgres",pid=2210,fd=6))', 'tcp LISTEN 0 50 *:9092 *:* users:(("java",pid=4000,fd=120))'));
    expect(outcome.status).toBe('warn');
    expect(outcome.detail).toContain('5432/tcp (postgresql) in use by postgres (pid 2210)');
    expect(outcome.detail).toContain('9092/tcp (kafka) in use by java (pid 4000)');
  });

  it('fails for a listener whose process it cannot see, and says how to see it', () => {
    const facts = parseFacts(withFact(fixture('rhel9-vm-sudo'), 'listen.tool', 'ss'), []);
    const rhelFacts = { ...facts, listeners: [{ protocol: 'tcp' as const, address: '*', port: 2379, processes: [] }] };
    const outcome = checkPorts(vm1, rhelFacts);
    expect(outcome.status).toBe('fail');
    expect(outcome.fix).toContain('free port 2379: stop an unknown process');
    expect(outcome.fix).toContain('sudo');
  });

  it('warns when ss is missing', () => {
    expect(checkPorts(vm1, parseFacts('listen.tool=none\n', [])).status).toBe('warn');
  });

  it('matches process names heuristically', () => {
    expect(processLooksLike('postgres', findService('postgresql')!)).toBe(true);
    expect(processLooksLike('clickhouse-serv', findService('clickhouse')!)).toBe(true);
    expect(processLooksLike('prometheus-node', findService('node-exporter')!)).toBe(true);
    expect(processLooksLike('python3.11', findService('patroni')!)).toBe(true);
    expect(processLooksLike('java', findService('trino-worker')!)).toBe(true);
    expect(processLooksLike('nginx', findService('haproxy')!)).toBe(false);
    expect(processLooksLike('java', findService('postgresql')!)).toBe(false);
    expect(processLooksLike('sh', findService('etcd')!)).toBe(false);
  });
});

describe('root access', () => {
  const ssh = (become: 'sudo' | 'none', passwordEnv?: string) => ({ user: 'admin', become: { method: become, ...(passwordEnv ? { passwordEnv } : {}) } });
  const facts = (extra: string) => parseFacts(`uid=1000\n${extra}\n`, []);

  it('passes root, and sudo without a password', () => {
    expect(checkSudo(ssh('none'), lab())).toEqual({ status: 'pass', detail: 'connected as root' });
    expect(checkSudo(ssh('sudo'), facts('sudo=ok'))).toEqual({ status: 'pass', detail: 'admin (uid 1000): sudo without a password' });
  });

  it('fails become none for a user that is not root', () => {
    expect(checkSudo(ssh('none'), facts('sudo=ok'))).toMatchObject({ status: 'fail', fix: 'connect as root (ssh.user: root) or set ssh.become.method: sudo' });
  });

  it('fails a password prompt with the way to supply one', () => {
    const outcome = checkSudo(ssh('sudo'), facts('sudo=fail\nsudo.error=sudo: a password is required'));
    expect(outcome).toMatchObject({ status: 'fail', detail: 'admin (uid 1000): sudo asks for a password' });
    expect(outcome.fix).toContain('ssh.become.passwordEnv');
  });

  it('uses the result of the password probe', () => {
    const asked = facts('sudo=fail\nsudo.error=sudo: a password is required');
    expect(checkSudo(ssh('sudo', 'SUDO_PW'), asked, { ok: true, passwordEnv: 'SUDO_PW' }).status).toBe('pass');
    expect(checkSudo(ssh('sudo', 'SUDO_PW'), asked, { ok: false, message: 'vm1: sudo refused the password from $SUDO_PW', hint: 'check the value of SUDO_PW' })).toEqual({
      status: 'fail',
      detail: 'vm1: sudo refused the password from $SUDO_PW',
      fix: 'check the value of SUDO_PW',
    });
  });

  it('fails a missing sudo', () => {
    expect(checkSudo(ssh('sudo'), facts('sudo=fail\nsudo.error=sh: 1: sudo: not found'))).toMatchObject({ status: 'fail', detail: 'admin (uid 1000): sudo failed: sh: 1: sudo: not found' });
  });
});

describe('endpoints', () => {
  const mirror = probeTarget('mirror', 'https://mirror.example:8443/dl/');
  const rhel = parseFacts(fixture('rhel9-vm-sudo'), ['mirror', 'object-storage']);

  it('passes any HTTP answer (403 from S3 without credentials)', () => {
    expect(checkEndpoint(probeTarget('object-storage', 'https://s3.example'), 'objectStorage.endpoint', rhel.probes['object-storage'])).toEqual({ status: 'pass', detail: 'https://s3.example answers HTTP 403' });
    expect(checkEndpoint(probeTarget('package-proxy', 'http://198.18.20.1:3142'), 'artifacts.packageProxy', lab().probes['package-proxy']).status).toBe('pass');
  });

  it('warns for an untrusted certificate: reachable, TLS failed', () => {
    const outcome = checkEndpoint(mirror, 'artifacts.mirror', rhel.probes.mirror);
    expect(outcome.status).toBe('warn');
    expect(outcome.detail).toContain('SSL certificate problem');
  });

  it('fails when nothing answers, with the setting to correct', () => {
    const outcome = checkEndpoint(probeTarget('mirror', 'http://198.18.20.1:9/x'), 'artifacts.mirror', lab().probes.mirror);
    expect(outcome.status).toBe('fail');
    expect(outcome.fix).toBe('make 198.18.20.1:9 reachable from the host (firewall, route, DNS), or correct artifacts.mirror');
  });

  it('falls back to a TCP connect without curl, and warns without bash either', () => {
    expect(checkEndpoint(mirror, 'artifacts.mirror', { tool: 'tcp', exit: 0, httpCode: 0 }).detail).toBe('TCP mirror.example:8443 open (curl missing: HTTP not tested)');
    expect(checkEndpoint(mirror, 'artifacts.mirror', { tool: 'tcp', exit: 1, httpCode: 0, error: 'Connection refused' }).status).toBe('fail');
    expect(checkEndpoint(mirror, 'artifacts.mirror', { tool: 'none', exit: 0, httpCode: 0 }).status).toBe('warn');
  });

  it('derives default ports from the scheme', () => {
    expect(probeTarget('object-storage', 'https://s3.example/')).toMatchObject({ host: 's3.example', port: 443 });
    expect(probeTarget('mirror', 'http://[fd00::1]/m')).toMatchObject({ host: 'fd00::1', port: 80 });
  });
});
