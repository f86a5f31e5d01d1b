/**
 * The inventory as the YAML file states it (after schema validation). The JSON Schema in
 * schemas/inventory.schema.json is the one definition of the format; test/inventory/types.test.ts
 * proves these types and the schema agree.
 */
import type { HostRole, HostServiceEntry, NetworkName, ServiceOverride, Vips } from '../catalog/vocabulary.js';

export type { HostRole, HostServiceEntry, NetworkName, ServiceOverride, Vips };

export interface Inventory {
  apiVersion: 'datalyptica/v1';
  cluster: { name: string; domain: string };
  ssh: SshSettings;
  networks: Record<NetworkName, string>;
  vips: Vips;
  hosts: HostSpec[];
  /** Per-service overrides that apply on every host the service runs on. */
  services?: Record<string, ServiceOverride>;
  /** Component versions (postgresql, etcd, kafka, ...): override the catalog's defaults. */
  versions?: Record<string, string>;
  /** Upstream NTP for the control plane (the other hosts follow it). */
  ntp?: { pool?: string };
  artifacts?: ArtifactSources;
  objectStorage?: ObjectStorage;
  nfs?: NfsShare;
  /** The Iceberg catalog (default nessie); jdbc places Nessie on no host. */
  catalog?: { type: 'nessie' | 'jdbc' };
}

export interface SshSettings {
  user: string;
  port?: number;
  /** Path to a private key; `~` is expanded. Without it the SSH agent is used. */
  privateKey?: string;
  agent?: boolean;
  bastion?: { host: string; user?: string; port?: number; privateKey?: string };
  become?: { method: 'sudo' | 'none'; passwordEnv?: string };
  knownHosts?: string;
  connectTimeoutSeconds?: number;
}

export interface HostSpec {
  name: string;
  role: HostRole;
  addresses: Record<NetworkName, string>;
  resources: { vcpu: number; memoryGiB: number; diskGiB: number };
  /**
   * Explicit placement: when present it replaces the catalog's default services for this host.
   * An entry is a service id, or an object that also overrides that instance's ports/memory;
   * a service listed twice runs two instances.
   */
  services?: Array<string | HostServiceEntry>;
}

export interface ArtifactSources {
  /** Base URL of a mirror holding release archives (Kafka, Trino, ...). */
  mirror?: string;
  /** Directory on the control machine with an offline bundle of the same archives. */
  bundleDir?: string;
  /** Debian/Ubuntu/RHEL package proxy the hosts use (the lab sets its apt-cacher-ng here). */
  packageProxy?: string;
  /** Per-component download address and checksum, by the artifact manifest's component id. */
  overrides?: Record<string, ArtifactOverride>;
}

/** What `bundle` fetches for one component instead of the manifest's official download and published sum. */
export interface ArtifactOverride {
  url?: string;
  sha256?: string;
  sha512?: string;
}

export interface ObjectStorage {
  endpoint: string;
  region?: string;
  buckets: { warehouse: string; staging: string; backups: string; ml: string };
  credentials: { fromEnv: { accessKeyId: string; secretAccessKey: string } } | { fromFile: string };
}

export interface NfsShare {
  server: string;
  export: string;
  mounts: Array<{ path: string; subdir?: string }>;
}
