import { DatalypticaError } from '../core/errors.js';
import { SPEC_HOST_SIZES, SPEC_HOSTS as CATALOG_SPEC_HOSTS, SPEC_NETWORKS, SPEC_VIPS } from '../catalog/spec.js';
import { HIGHEST_LAYOUT_OFFSET, addressAt, addressProblem, isIPv4, offsetIn, subnetProblem, subnetsOverlap } from './layout-net.js';
import type {
  ArtifactSources,
  HostRole,
  HostSpec,
  Inventory,
  NetworkName,
  NfsShare,
  ObjectStorage,
  ServiceOverride,
  SshSettings,
} from './model.js';

/**
 * The spec's five-VM layout as an Inventory, for any networks and sizes: `init`, the committed
 * inventory.example.yaml, the lab (198.18.x networks, small hosts) and scale plans all start here.
 */

export type HostResources = HostSpec['resources'];
export type SpecSizing = 'recommended' | 'minimum';

export const NETWORK_NAMES: readonly NetworkName[] = ['management', 'application', 'storage'];

/** The spec's hosts with their host offset, the same in every subnet (VM1 is .11 on all three networks). */
export const SPEC_HOSTS: ReadonlyArray<{ name: string; role: HostRole; offset: number; title: string }> = CATALOG_SPEC_HOSTS.map(
  ({ name, role, title, addresses }) => ({ name, role, title, offset: offsetIn(addresses.application, SPEC_NETWORKS.application) }),
);

/** VIPs on the application network (.100-.102), object storage (.250) and NFS (.251) on the storage network. */
export const SPEC_OFFSETS = {
  haproxyVip: offsetIn(SPEC_VIPS.haproxy, SPEC_NETWORKS.application),
  postgresqlVip: offsetIn(SPEC_VIPS.postgresql, SPEC_NETWORKS.application),
  redisVip: offsetIn(SPEC_VIPS.redis, SPEC_NETWORKS.application),
  objectStorage: 250,
  nfs: HIGHEST_LAYOUT_OFFSET,
} as const;

export const SPEC_SSH: SshSettings = {
  user: 'datalyptica',
  privateKey: '~/.ssh/id_ed25519',
  become: { method: 'sudo' },
  knownHosts: '~/.ssh/known_hosts',
};

export const SPEC_CLUSTER = { name: 'datalyptica', domain: 'datalyptica.local' } as const;
export const SPEC_BUCKETS: ObjectStorage['buckets'] = {
  warehouse: 'datalyptica-warehouse',
  staging: 'datalyptica-staging',
  backups: 'datalyptica-backups',
  ml: 'datalyptica-ml',
};
/** The spec names the mount points but not the export; one export with a subdirectory per mount keeps them apart. */
export const SPEC_NFS_EXPORT = '/export/datalyptica';
export const SPEC_NFS_MOUNTS: NfsShare['mounts'] = [
  { path: '/opt/datalyptica/shared', subdir: 'shared' },
  { path: '/home/jupyter', subdir: 'jupyter' },
  { path: '/opt/spark/recovery', subdir: 'spark-recovery' },
];

export interface SpecLayoutOptions {
  clusterName?: string;
  domain?: string;
  networks?: Record<NetworkName, string>;
  /** Per host name, addresses that replace the derived ones (the rest stay derived). */
  hostAddresses?: Record<string, Partial<Record<NetworkName, string>>>;
  /** A spec size, or explicit resources per role (the lab's small hosts). */
  sizing?: SpecSizing | Record<HostRole, HostResources>;
  ssh?: SshSettings;
  /** Addresses that replace the derived VIPs. */
  vips?: Partial<Record<'haproxy' | 'postgresql' | 'redis', string>>;
  /** The DMZ VIP; false leaves it out. */
  externalVip?: string | false;
  /** Merged over the derived object storage (endpoint http://<storage .250>, spec buckets); false leaves it out. */
  objectStorage?: Partial<ObjectStorage> | false;
  /** Merged over the derived NFS share (server <storage .251>); false leaves it out. */
  nfs?: Partial<NfsShare> | false;
  versions?: Record<string, string>;
  services?: Record<string, ServiceOverride>;
  artifacts?: ArtifactSources;
  catalog?: Inventory['catalog'];
}

function layoutError(message: string, hint: string): DatalypticaError {
  return new DatalypticaError('E_LAYOUT', message, { hint });
}

function checkNetworks(networks: Record<NetworkName, string>): void {
  for (const name of NETWORK_NAMES) {
    const problem = subnetProblem(networks[name]);
    if (problem) throw layoutError(`networks.${name}: ${problem}`, 'give each network as an IPv4 /24 (or larger) subnet');
  }
  for (const [index, a] of NETWORK_NAMES.entries()) {
    for (const b of NETWORK_NAMES.slice(index + 1)) {
      if (subnetsOverlap(networks[a], networks[b])) {
        throw layoutError(`networks.${a} (${networks[a]}) overlaps networks.${b} (${networks[b]})`, 'use three separate subnets');
      }
    }
  }
}

function checkAddress(where: string, address: string, cidr: string): string {
  const problem = addressProblem(address, cidr);
  if (problem) throw layoutError(`${where}: ${problem}`, `pick an address inside ${cidr}`);
  return address;
}

/** Two hosts or VIPs on one address would break the cluster in ways that are slow to diagnose. */
function checkUnique(inventory: Inventory): void {
  const owners = new Map<string, string>();
  const claim = (address: string, owner: string): void => {
    const previous = owners.get(address);
    if (previous) throw layoutError(`${owner} and ${previous} both use ${address}`, 'give every host and VIP its own address');
    owners.set(address, owner);
  };
  for (const host of inventory.hosts) for (const network of NETWORK_NAMES) claim(host.addresses[network], `${host.name}.addresses.${network}`);
  for (const name of ['haproxy', 'postgresql', 'redis'] as const) claim(inventory.vips[name], `vips.${name}`);
}

function checkIPv4(where: string, address: string): string {
  if (!isIPv4(address)) throw layoutError(`${where}: "${address}" is not an IPv4 address`, 'write it like 203.0.113.100');
  return address;
}

function resourcesFor(sizing: SpecLayoutOptions['sizing'], role: HostRole): HostResources {
  const { vcpu, memoryGiB, diskGiB } = sizing === undefined || typeof sizing === 'string' ? SPEC_HOST_SIZES[sizing ?? 'recommended'][role] : sizing[role];
  return { vcpu, memoryGiB, diskGiB };
}

function buildHosts(options: SpecLayoutOptions, networks: Record<NetworkName, string>): HostSpec[] {
  const known = new Set(SPEC_HOSTS.map((host) => host.name));
  for (const name of Object.keys(options.hostAddresses ?? {})) {
    if (!known.has(name)) throw layoutError(`hostAddresses.${name}: no such host in the layout`, 'the layout has hosts vm1 to vm5');
  }
  return SPEC_HOSTS.map(({ name, role, offset }) => {
    const given = options.hostAddresses?.[name] ?? {};
    const addresses = {} as Record<NetworkName, string>;
    for (const network of NETWORK_NAMES) {
      const address = given[network];
      addresses[network] = address === undefined ? addressAt(networks[network], offset) : checkAddress(`${name}.addresses.${network}`, address, networks[network]);
    }
    return { name, role, addresses, resources: resourcesFor(options.sizing, role) };
  });
}

function buildObjectStorage(options: SpecLayoutOptions, storage: string): ObjectStorage | undefined {
  if (options.objectStorage === false) return undefined;
  return {
    endpoint: `http://${addressAt(storage, SPEC_OFFSETS.objectStorage)}`,
    buckets: { ...SPEC_BUCKETS },
    credentials: { fromEnv: { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY' } },
    ...options.objectStorage,
  };
}

function buildNfs(options: SpecLayoutOptions, storage: string): NfsShare | undefined {
  if (options.nfs === false) return undefined;
  return {
    server: addressAt(storage, SPEC_OFFSETS.nfs),
    export: SPEC_NFS_EXPORT,
    mounts: SPEC_NFS_MOUNTS.map((mount) => ({ ...mount })),
    ...options.nfs,
  };
}

/** The spec's deployment for the given options; with no options, exactly the spec (and inventory.example.yaml). */
export function buildSpecInventory(options: SpecLayoutOptions = {}): Inventory {
  const networks = { ...(options.networks ?? SPEC_NETWORKS) };
  checkNetworks(networks);
  const application = networks.application;
  const vip = (name: 'haproxy' | 'postgresql' | 'redis', offset: number): string => {
    const given = options.vips?.[name];
    return given === undefined ? addressAt(application, offset) : checkAddress(`vips.${name}`, given, application);
  };
  // The spec's DMZ address is in a documentation range (203.0.113.0/24): real clusters replace it.
  const externalVip = options.externalVip ?? SPEC_VIPS.external;

  const inventory: Inventory = {
    apiVersion: 'datalyptica/v1',
    cluster: { name: options.clusterName ?? SPEC_CLUSTER.name, domain: options.domain ?? SPEC_CLUSTER.domain },
    ssh: structuredClone(options.ssh ?? SPEC_SSH),
    networks,
    vips: {
      haproxy: vip('haproxy', SPEC_OFFSETS.haproxyVip),
      postgresql: vip('postgresql', SPEC_OFFSETS.postgresqlVip),
      redis: vip('redis', SPEC_OFFSETS.redisVip),
      ...(externalVip ? { external: checkIPv4('vips.external', externalVip) } : {}),
    },
    hosts: buildHosts(options, networks),
  };
  checkUnique(inventory);
  if (options.services) inventory.services = structuredClone(options.services);
  if (options.versions) inventory.versions = { ...options.versions };
  if (options.artifacts) inventory.artifacts = { ...options.artifacts };
  if (options.catalog) inventory.catalog = { ...options.catalog };
  const objectStorage = buildObjectStorage(options, networks.storage);
  if (objectStorage) inventory.objectStorage = objectStorage;
  const nfs = buildNfs(options, networks.storage);
  if (nfs) inventory.nfs = nfs;
  return inventory;
}
