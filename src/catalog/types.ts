import type { HostRole } from './vocabulary.js';

/** A listening port of a service; `name` is how inventories override it (services.kafka.ports.client). */
export interface PortDef {
  name: string;
  port: number;
  protocol?: 'tcp' | 'udp';
  /** Why the port differs from the spec's table (REVIEW.md collisions), when it does. */
  note?: string;
}

/** How members of an HA group agree. `majority` groups need an odd count of at least 3. */
export type QuorumRule = 'majority' | 'none';

export interface HaGroup {
  /** Shared by every service in the group: etcd, postgresql (with patroni), kafka, redis-sentinel, clickhouse-keeper, ... */
  name: string;
  quorum: QuorumRule;
  /** The spec's failover target in seconds, where it gives one. */
  failoverTargetSeconds?: number;
}

export interface ServiceDef {
  /** Stable id used in inventories: `postgresql`, `trino-worker`, `clickhouse-keeper`. */
  id: string;
  /** Human name: `Trino worker`. */
  name: string;
  /** Component whose version/artifact it uses: trino-coordinator and trino-worker share `trino`. */
  component: string;
  /** The installation phase (1-10 of the spec) that installs it. */
  phase: number;
  ports: PortDef[];
  /** Memory on the spec's recommended host of this role, in MiB. */
  memoryMiB: number;
  /** Smallest memory it is given on a small host, in MiB. */
  minMemoryMiB: number;
  cpu: number;
  /** Default placement: host names of the spec (vm1..vm5), with the instance count per host. */
  placement: Record<string, number>;
  /**
   * Added to every port per extra instance on one host (instance n listens on port + n * step),
   * for services that may run twice on a host. Without it a second instance reuses the ports,
   * which the collision check reports unless the host entry gives its own ports.
   */
  instancePortStep?: number;
  /** Oldest Java feature release it runs on, where that is newer than the spec's OpenJDK 17. */
  minJava?: number;
  /** Where it keeps its data, under /data (the spec's SSD mount points); phase 1 creates it. */
  dataDir?: string;
  haGroup?: HaGroup;
  /** The spec's version (production default). */
  version: string;
  /** Whether the service runs on the JVM or Python (phase 1 installs the runtime where needed). */
  runtime?: 'jvm' | 'python' | 'native';
  /** Placed only when the inventory's `catalog.type` (default nessie) is this: one of the Iceberg catalogs. */
  catalogType?: 'nessie' | 'jdbc';
  notes?: string;
}

/** One running instance of a service on a host, after placement and overrides are resolved. */
export interface PlacedService {
  service: ServiceDef;
  host: string;
  /** 0 for the first instance on the host, 1 for the second, ... */
  instance: number;
  ports: PortDef[];
  /** Effective memory for this host's size, in MiB. */
  memoryMiB: number;
  cpu: number;
  version: string;
  /** Where in the inventory this placement came from (for error positions): a YAML path. */
  source: Array<string | number>;
}

export interface SpecHostSize {
  role: HostRole;
  vcpu: number;
  memoryGiB: number;
  diskGiB: number;
}
