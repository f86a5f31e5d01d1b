import { describe, expect, it } from 'vitest';
import { aptProxyConfigText } from '../../src/lab/apt-proxy.js';
import { DEFAULT_MIRRORS, parseAptMirrors } from '../../src/lab/base-image.js';
import { nspawnArgs, startCommand } from '../../src/lab/containers.js';
import { aptProxyConfig, knownHostsLine, labEtcHosts } from '../../src/lab/host-files.js';
import { labInventory } from '../../src/lab/inventory.js';
import { sysctlWrites } from '../../src/lab/network.js';
import { labPaths } from '../../src/lab/paths.js';
import { labPlan } from '../../src/lab/plan.js';
import { checkSchema } from '../../src/inventory/schema.js';

const plan = labPlan();
const vm1 = plan.hosts[0]!;

describe('apt mirrors of the machine', () => {
  it('reads deb822 and one-line sources, skipping https and third-party repositories', () => {
    const deb822 = 'Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\n\nTypes: deb\nURIs: http://mirror.example/debian-security\n';
    const oneLine = 'deb [arch=amd64] https://packages.cloud.google.com/apt cloud-sdk main\n';
    expect(parseAptMirrors([oneLine, deb822])).toEqual({ debian: 'http://mirror.example/debian', security: 'http://mirror.example/debian-security' });
    expect(parseAptMirrors(['deb http://ftp.de.debian.org/debian/ bookworm main'])).toEqual({ ...DEFAULT_MIRRORS, debian: 'http://ftp.de.debian.org/debian' });
    expect(parseAptMirrors([])).toEqual(DEFAULT_MIRRORS);
  });

  it("maps apt-cacher-ng's Debian backends to those mirrors, bound to the bridge", () => {
    const text = aptProxyConfigText({ confDir: '/lab/acng', cacheDir: '/cache', bindAddress: '198.18.20.1', port: 3142, mirrors: { debian: 'http://m/debian', security: 'http://m/debian-security' } });
    expect(text).toMatch(/^BindAddress: 198\.18\.20\.1$/m);
    expect(text).toMatch(/^Remap-debrep: .* ; http:\/\/m\/debian\/$/m);
    expect(text).toMatch(/^Remap-secdeb: .* ; http:\/\/m\/debian-security\/$/m);
    expect(text).toMatch(/^PidFile: \/lab\/acng\/apt-cacher-ng.pid$/m);
  });
});

describe('lab host identity files', () => {
  it('gives /etc/hosts the spec DNS records on lab addresses', () => {
    const hosts = labEtcHosts(plan);
    expect(hosts).toContain('198.18.21.11\tvm1.datalyptica.lab vm1');
    expect(hosts).toContain('198.18.20.22\tvm5.mgmt.datalyptica.lab');
    expect(hosts).toContain('198.18.21.101\tpostgres.datalyptica.lab');
  });

  it('points apt at the proxy', () => {
    expect(aptProxyConfig(plan.proxyUrl)).toContain('Acquire::http::Proxy "http://198.18.20.1:3142";');
  });

  it('lists every name and address of a host in known_hosts', () => {
    expect(knownHostsLine(vm1, 'ssh-ed25519 AAAAkey root@vm1\n')).toBe('vm1,vm1.datalyptica.lab,198.18.20.11,198.18.21.11,198.18.22.11 ssh-ed25519 AAAAkey');
  });
});

describe('containers', () => {
  it('boots systemd without registering with a systemd the machine does not run', () => {
    const args = nspawnArgs(vm1, '/lab/hosts/vm1/merged');
    expect(args).toEqual(expect.arrayContaining(['--boot', '--register=no', '--keep-unit', '--network-namespace-path=/run/netns/dlab-vm1', '--directory=/lab/hosts/vm1/merged']));
    expect(args.find((a) => a.startsWith('--capability='))).toMatch(/CAP_NET_ADMIN.*CAP_NET_RAW/);
  });

  it('joins the host cgroups before exec-ing nspawn', () => {
    const { command, args } = startCommand(['/cg/unified/datalyptica-lab/vm1', '/cg/systemd/datalyptica-lab/vm1'], vm1, '/root');
    expect(command).toBe('sh');
    expect(args[1]).toBe('echo $$ > "$1/cgroup.procs" && echo $$ > "$2/cgroup.procs" && shift 2 && exec systemd-nspawn "$@"');
    expect(args.slice(3, 5)).toEqual(['/cg/unified/datalyptica-lab/vm1', '/cg/systemd/datalyptica-lab/vm1']);
  });
});

describe('machine kernel settings', () => {
  it("raises the spec's floors and never lowers a larger value", () => {
    expect(sysctlWrites({ 'fs.file-max': 9_000_000, 'vm.max_map_count': 65530, 'vm.swappiness': 60, 'vm.overcommit_memory': 1 })).toEqual([
      { key: 'vm.max_map_count', value: 262144 },
      { key: 'vm.swappiness', value: 1 },
    ]);
  });
});

describe('lab inventory', () => {
  const inventory = labInventory(plan, labPaths('/work/lab'));

  it('is a valid inventory of small hosts reached as root with the lab key', () => {
    expect(checkSchema(inventory)).toEqual([]);
    expect(inventory.cluster).toEqual({ name: 'lab', domain: 'datalyptica.lab' });
    expect(inventory.ssh).toMatchObject({ user: 'root', privateKey: '/work/lab/id_ed25519', knownHosts: '/work/lab/known_hosts' });
    expect(inventory.hosts.map((h) => h.resources)).toEqual(Array(5).fill({ vcpu: 2, memoryGiB: 4, diskGiB: 20 }));
  });

  it('uses the lab networks, VIPs proxy and bundle, pins Debian 12 versions and has no external storage', () => {
    expect(inventory.networks).toEqual(plan.networks);
    expect(inventory.vips).toEqual(plan.vips);
    expect(inventory.artifacts).toEqual({ packageProxy: 'http://198.18.20.1:3142', bundleDir: '/var/cache/datalyptica/lab-bundle' });
    expect(inventory.versions).toMatchObject({ postgresql: '15', etcd: '3.4', patroni: '3.0', haproxy: '2.6', redis: '7.0' });
    expect(inventory.objectStorage).toBeUndefined();
    expect(inventory.nfs).toBeUndefined();
  });

  it('runs no Schema Registry: neither Confluent nor Apicurio can be had here', () => {
    expect(inventory.services).toEqual({ 'schema-registry': { enabled: false } });
  });
});
