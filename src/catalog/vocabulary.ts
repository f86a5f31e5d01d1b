/**
 * The words the catalog and the inventory share, defined here so the catalog imports nothing
 * above it: the inventory model re-exports them, and an Inventory is a PlacementInput.
 */
export type NetworkName = 'management' | 'application' | 'storage';
export type HostRole = 'control' | 'data';

export interface Vips {
  haproxy: string;
  postgresql: string;
  redis: string;
  external?: string;
}

/** One instance listed for a host: a service id, with that instance's ports or memory overridden. */
export interface HostServiceEntry {
  service: string;
  ports?: Record<string, number>;
  memoryMiB?: number;
}

export interface ServiceOverride {
  ports?: Record<string, number>;
  memoryMiB?: number;
  version?: string;
  /** false: the service runs on no host, whatever the placement says. */
  enabled?: boolean;
}

/** What placement and sizing read of a host. */
export interface PlacementHost {
  name: string;
  role: HostRole;
  resources: { vcpu: number; memoryGiB: number; diskGiB: number };
  /** Explicit placement replacing the catalog's defaults for this host. */
  services?: Array<string | HostServiceEntry>;
}

/** What placement reads of an inventory: its hosts, per-service overrides and versions. */
export interface PlacementInput {
  hosts: readonly PlacementHost[];
  services?: Record<string, ServiceOverride>;
  versions?: Record<string, string>;
  catalog?: { type: 'nessie' | 'jdbc' };
}
