/* Generated from schemas/inventory.schema.json by test/inventory/types.test.ts (vitest run -u). Do not edit. */

/**
 * A DNS name or an IP address.
 */
export type HostOrAddress = string;
export type Port = number;
/**
 * A file path; ~ is expanded to the home directory.
 */
export type FilePath = string;
/**
 * An IPv4 network in CIDR notation such as 10.20.0.0/24.
 */
export type Cidr = string;
/**
 * An IPv4 address such as 10.20.0.11.
 */
export type Ipv4 = string;
/**
 * A service id of the catalog such as postgresql or trino-worker.
 */
export type ServiceId = string;
/**
 * Memory in MiB.
 */
export type MemoryMiB = number;
/**
 * An S3 bucket name.
 */
export type BucketName = string;
/**
 * The name of an environment variable (not its value).
 */
export type EnvName = string;

/**
 * A Datalyptica cluster: SSH access, the three networks, the VIPs, the hosts and where services run. Secrets are never written here: only the names of environment variables or files that hold them.
 */
export interface Inventory {
  /**
   * Format version of this file.
   */
  apiVersion: "datalyptica/v1";
  cluster: ClusterSettings;
  ssh: SshSettings;
  networks: Networks;
  vips: Vips;
  /**
   * @minItems 1
   * @maxItems 500
   */
  hosts: HostSpec[];
  /**
   * Per-service overrides (ports, memory, version) that apply on every host the service runs on, keyed by service id.
   */
  services?: {
    [k: string]: ServiceOverride;
  };
  /**
   * Component versions (postgresql, etcd, kafka, ...) that override the catalog's defaults.
   */
  versions?: {
    [k: string]: string;
  };
  ntp?: Ntp;
  artifacts?: ArtifactSources;
  objectStorage?: ObjectStorage;
  nfs?: NfsShare;
  catalog?: IcebergCatalogChoice;
}
export interface ClusterSettings {
  /**
   * Cluster name: lower-case letters, digits and dashes.
   */
  name: string;
  /**
   * DNS domain of the application network (vm1.<domain>).
   */
  domain: string;
}
export interface SshSettings {
  /**
   * Login user on every host.
   */
  user: string;
  port?: number;
  /**
   * Private key file; without it the SSH agent is used.
   */
  privateKey?: string;
  /**
   * Use the SSH agent (SSH_AUTH_SOCK).
   */
  agent?: boolean;
  bastion?: BastionHost;
  become?: BecomeSettings;
  /**
   * A file path; ~ is expanded to the home directory.
   */
  knownHosts?: string;
  connectTimeoutSeconds?: number;
}
/**
 * Jump host between this machine and the management network.
 */
export interface BastionHost {
  host: HostOrAddress;
  user?: string;
  port?: Port;
  privateKey?: FilePath;
}
export interface BecomeSettings {
  /**
   * How to gain root: sudo, or none when the user is root.
   */
  method: "sudo" | "none";
  /**
   * Environment variable holding the sudo password.
   */
  passwordEnv?: string;
}
/**
 * The three networks as IPv4 CIDRs.
 */
export interface Networks {
  management: Cidr;
  application: Cidr;
  storage: Cidr;
}
/**
 * Virtual IPs: HAProxy, PostgreSQL and Redis in the application network; external is the DMZ address.
 */
export interface Vips {
  haproxy: Ipv4;
  postgresql: Ipv4;
  redis: Ipv4;
  external?: Ipv4;
}
export interface HostSpec {
  /**
   * Short host name such as vm1.
   */
  name: string;
  role: "control" | "data";
  addresses: HostAddresses;
  resources: HostResources;
  /**
   * Explicit placement: replaces the catalog's default services for this host. A service listed twice runs two instances.
   *
   * @maxItems 200
   */
  services?: (ServiceId | HostServiceEntry)[];
}
/**
 * One address per network.
 */
export interface HostAddresses {
  management: Ipv4;
  application: Ipv4;
  storage: Ipv4;
}
export interface HostResources {
  vcpu: number;
  memoryGiB: number;
  diskGiB: number;
}
export interface HostServiceEntry {
  service: ServiceId;
  ports?: PortOverrides;
  memoryMiB?: MemoryMiB;
}
/**
 * Port numbers by port name (kafka: client, controller).
 */
export interface PortOverrides {
  [k: string]: Port;
}
export interface ServiceOverride {
  ports?: PortOverrides;
  memoryMiB?: MemoryMiB;
  version?: string;
  /**
   * false: the service runs on no host, whatever the placement says.
   */
  enabled?: boolean;
}
/**
 * Upstream time for the control-plane hosts; the other hosts follow the control plane.
 */
export interface Ntp {
  /**
   * NTP pool or server name (default 2.debian.pool.ntp.org).
   */
  pool?: string;
}
export interface ArtifactSources {
  /**
   * Base URL of a mirror holding release archives.
   */
  mirror?: string;
  /**
   * A file path; ~ is expanded to the home directory.
   */
  bundleDir?: string;
  /**
   * apt/dnf proxy the hosts use.
   */
  packageProxy?: string;
  /**
   * Per-component download address and checksum, keyed by the artifact manifest's component id (kafka, jmx-exporter, schema-registry): what `bundle` fetches instead of the official download.
   */
  overrides?: {
    [k: string]: ArtifactOverride;
  };
}
export interface ArtifactOverride {
  /**
   * Where to download the release archive instead.
   */
  url?: string;
  /**
   * The archive's SHA-256, checked instead of the published checksum.
   */
  sha256?: string;
  /**
   * The archive's SHA-512, checked instead of the published checksum.
   */
  sha512?: string;
}
/**
 * External S3-compatible object storage (configured and checked, not installed).
 */
export interface ObjectStorage {
  endpoint: string;
  region?: string;
  buckets: Buckets;
  /**
   * Where the S3 keys are: fromEnv with the names of two environment variables, or fromFile with a path; never the keys themselves.
   */
  credentials: CredentialsFromEnv | CredentialsFromFile;
}
export interface Buckets {
  warehouse: BucketName;
  staging: BucketName;
  backups: BucketName;
  ml: BucketName;
}
export interface CredentialsFromEnv {
  fromEnv: CredentialEnvNames;
}
export interface CredentialEnvNames {
  accessKeyId: EnvName;
  secretAccessKey: EnvName;
}
export interface CredentialsFromFile {
  fromFile: FilePath;
}
/**
 * External NFS share mounted on every host.
 */
export interface NfsShare {
  server: HostOrAddress;
  export: string;
  mounts: NfsMount[];
}
export interface NfsMount {
  path: string;
  subdir?: string;
}
/**
 * The Iceberg catalog Spark, Flink and Trino share. nessie (the default, as the spec has it): Nessie on the control plane with its version store in PostgreSQL. jdbc: Iceberg's JDBC catalog in the phase-3 PostgreSQL; Nessie then runs on no host.
 */
export interface IcebergCatalogChoice {
  type: "nessie" | "jdbc";
}
