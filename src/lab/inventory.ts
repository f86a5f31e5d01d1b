import { buildSpecInventory } from '../inventory/layout.js';
import type { Inventory } from '../inventory/model.js';
import { LAB_DOMAIN } from './host-files.js';
import type { LabPaths } from './paths.js';
import type { LabPlan } from './plan.js';

/**
 * The lab's inventory: the spec's five hosts and roles on the lab's addresses, small declared
 * resources (5 x 4 GiB fits a 24 GiB machine), root over SSH with the lab key and known_hosts,
 * the apt proxy, and the versions Debian 12 packages (what apt installs in the lab).
 * No object storage or NFS: they are outside the VMs, and the lab has neither.
 */

export const LAB_INVENTORY_HEADER = [
  "# The lab's inventory, written by `datalyptica lab up` (regenerated on every up).",
  '# Lab mapping of the three networks: each host has ONE interface (eth0) on one bridge carrying',
  '# its management, application and storage addresses; the machine holds .1 of each network.',
  '',
].join('\n');

export const LAB_HOST_RESOURCES = { vcpu: 2, memoryGiB: 4, diskGiB: 20 };

/** Debian 12 (bookworm) package versions, major.minor. */
export const DEBIAN12_VERSIONS: Record<string, string> = {
  postgresql: '15',
  etcd: '3.4',
  patroni: '3.0',
  haproxy: '2.6',
  keepalived: '2.2',
  redis: '7.0',
  prometheus: '2.42',
  alertmanager: '0.25',
  'node-exporter': '1.5',
  jupyterhub: '3.0',
  // 1.0.2 speaks only etcd's v2 API: Patroni then writes its keys there (src/config/dcs-api.ts).
  'vip-manager': '1.0.2',
};

export function labInventory(plan: LabPlan, paths: LabPaths): Inventory {
  return buildSpecInventory({
    clusterName: 'lab',
    domain: LAB_DOMAIN,
    networks: plan.networks,
    sizing: { control: { ...LAB_HOST_RESOURCES }, data: { ...LAB_HOST_RESOURCES } },
    ssh: { user: 'root', privateKey: paths.privateKey, knownHosts: paths.knownHosts, become: { method: 'none' }, connectTimeoutSeconds: 5 },
    externalVip: false,
    objectStorage: false,
    nfs: false,
    versions: { ...DEBIAN12_VERSIONS },
    // Confluent's archive cannot be had from the registries this machine reaches, and Apicurio's
    // storage module is not on Maven Central (LAB-SOURCES.md): the lab runs no Schema Registry.
    services: { 'schema-registry': { enabled: false } },
    // Nessie's server jar cannot be had here either: the lab keeps its Iceberg tables in PostgreSQL.
    catalog: { type: 'jdbc' },
    artifacts: { packageProxy: plan.proxyUrl, bundleDir: paths.bundleDir },
  });
}
