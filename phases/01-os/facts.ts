import { placeServices, type PlacedService } from '../../src/catalog/index.js';
import type { PackageSpec } from '../../src/engine/resources/index.js';
import type { HostSpec, Inventory } from '../../src/inventory/model.js';

/** The spec's "Kernel Parameters". Floors where a bigger kernel value is just as good. */
export const KERNEL_PARAMETERS = {
  'net.core.somaxconn': { atLeast: 65535 },
  'net.ipv4.tcp_max_syn_backlog': { atLeast: 8192 },
  'net.ipv4.ip_local_port_range': '10000 65535',
  'fs.file-max': { atLeast: 2097152 },
  'vm.max_map_count': { atLeast: 262144 },
  'vm.swappiness': 1,
  'vm.overcommit_memory': 1,
} as const;

/** The spec's "File Limits". */
export const FILE_LIMITS = [
  { domain: '*', type: 'soft', item: 'nofile', value: 65536 },
  { domain: '*', type: 'hard', item: 'nofile', value: 65536 },
  { domain: '*', type: 'soft', item: 'nproc', value: 32768 },
  { domain: '*', type: 'hard', item: 'nproc', value: 32768 },
] as const;

/** Packages every host gets: time sync, firewall, and the tools later phases and probes use. */
const BASE_PACKAGES = ['chrony', 'nftables', 'curl', 'ca-certificates', 'gnupg', 'procps', 'iproute2', 'lsof', 'jq', 'tar', 'gzip'];

const JAVA = { apt: 'openjdk-17-jre-headless', dnf: 'java-17-openjdk-headless' };
const PYTHON = ['python3.11', { apt: 'python3.11-venv', dnf: 'python3.11-pip' }];

/** The spec: OpenJDK 17 for the JVM services, Python 3.11+ for Airflow, JupyterHub, MLflow, Superset. */
export function osPackages(inventory: Inventory, host: string): PackageSpec[] {
  return [...BASE_PACKAGES, ...(needsJava(inventory, host) ? [JAVA] : []), ...(needsPython(inventory, host) ? PYTHON : [])];
}

/**
 * Everything phase 1 decides for one host, as plain data: what the phase's resources apply, and
 * what the benchmark hands to the equivalent Ansible playbook.
 */
export function osFacts(inventory: Inventory, hostName: string) {
  const host = inventory.hosts.find((candidate) => candidate.name === hostName)!;
  return {
    aptPackages: osPackages(inventory, hostName).map((entry) => (typeof entry === 'string' ? entry : 'apt' in entry ? entry.apt : entry.name)),
    kernelParameters: Object.fromEntries(
      Object.entries(KERNEL_PARAMETERS).map(([key, value]) => [key, typeof value === 'object' ? String(value.atLeast) : String(value)]),
    ),
    fileLimits: FILE_LIMITS.map((limit) => ({ ...limit })),
    hostsEntries: hostsEntries(inventory),
    time: timeServers(inventory, host),
    ntpPool: inventory.ntp?.pool ?? '2.debian.pool.ntp.org',
    dataDirectories: dataDirectories(inventory, hostName),
    vrrpPeers: vrrpPeers(inventory).filter((address) => address !== host.addresses.application),
    firewallRules: firewallRules(inventory, hostName),
  };
}

export function servicesOn(inventory: Inventory, host: string): PlacedService[] {
  return placeServices(inventory).filter((placed) => placed.host === host);
}

/** /data and the data directory of every service placed on the host (the spec's SSD mount points). */
export function dataDirectories(inventory: Inventory, host: string): string[] {
  const dirs = new Set(servicesOn(inventory, host).flatMap((placed) => (placed.service.dataDir ? [placed.service.dataDir] : [])));
  return ['/data', ...[...dirs].sort()];
}

export function needsJava(inventory: Inventory, host: string): boolean {
  return servicesOn(inventory, host).some((placed) => placed.service.runtime === 'jvm');
}

export function needsPython(inventory: Inventory, host: string): boolean {
  return servicesOn(inventory, host).some((placed) => placed.service.runtime === 'python');
}

export interface HostsEntry {
  address: string;
  names: string[];
}

/**
 * Every VM name of the spec's DNS table, so hosts resolve each other without depending on DNS:
 * vmN.<domain> and vmN on the application network, vmN.mgmt.<domain> on management, and the VIPs.
 */
export function hostsEntries(inventory: Inventory): HostsEntry[] {
  const domain = inventory.cluster.domain;
  const entries: HostsEntry[] = [];
  for (const host of inventory.hosts) {
    entries.push({ address: host.addresses.application, names: [`${host.name}.${domain}`, host.name] });
  }
  for (const host of inventory.hosts) {
    entries.push({ address: host.addresses.management, names: [`${host.name}.mgmt.${domain}`] });
  }
  const vips = inventory.vips;
  entries.push({ address: vips.haproxy, names: [`lb.${domain}`] });
  entries.push({ address: vips.postgresql, names: [`postgres.${domain}`] });
  entries.push({ address: vips.redis, names: [`redis.${domain}`] });
  return entries;
}

export interface FirewallRule {
  comment: string;
  ports: string;
  protocol: 'tcp' | 'udp';
}

/** One rule per service on the host: its ports, open to the application network only. */
export function firewallRules(inventory: Inventory, host: string): FirewallRule[] {
  const rules: FirewallRule[] = [];
  for (const placed of servicesOn(inventory, host)) {
    for (const protocol of ['tcp', 'udp'] as const) {
      const ports = placed.ports.filter((port) => (port.protocol ?? 'tcp') === protocol).map((port) => port.port);
      if (ports.length === 0) continue;
      const instance = placed.instance > 0 ? ` #${placed.instance + 1}` : '';
      rules.push({ comment: `${placed.service.id}${instance}`, ports: [...new Set(ports)].sort((a, b) => a - b).join(', '), protocol });
    }
  }
  return rules;
}

/** Hosts in the VRRP group (keepalived) exchange protocol 112 adverts. */
export function vrrpPeers(inventory: Inventory): string[] {
  const placed = placeServices(inventory).filter((entry) => entry.service.id === 'keepalived');
  const hosts = new Set(placed.map((entry) => entry.host));
  return inventory.hosts.filter((host) => hosts.has(host.name)).map((host) => host.addresses.application);
}

/** Control-plane hosts serve time to the others, so the cluster agrees even without upstream NTP. */
export function timeServers(inventory: Inventory, host: HostSpec): { upstream: boolean; peers: string[] } {
  const control = inventory.hosts.filter((candidate) => candidate.role === 'control' && candidate.name !== host.name);
  return { upstream: host.role === 'control', peers: control.map((candidate) => candidate.addresses.application) };
}
