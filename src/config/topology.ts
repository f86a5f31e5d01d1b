import { placeServices } from '../catalog/placement.js';
import type { PlacedService } from '../catalog/types.js';
import { DatalypticaError } from '../core/errors.js';
import type { HostSpec, Inventory } from '../inventory/model.js';

/**
 * Who runs what, read from the catalog's placement: the one question every context builder
 * asks ("which hosts run etcd, on which port?"). Hosts come in inventory order, which is what
 * decides priorities (VM1 first) and the sync standby (the second PostgreSQL host).
 */
export class Topology {
  private readonly placed: PlacedService[];

  constructor(readonly inventory: Inventory) {
    this.placed = placeServices(inventory);
  }

  host(name: string): HostSpec {
    const host = this.inventory.hosts.find((candidate) => candidate.name === name);
    if (!host) throw new DatalypticaError('E_CONFIG_HOST', `host "${name}" is not in the inventory`, { hint: 'this is a bug in the phase that asked for it' });
    return host;
  }

  /** First instances of a service, one per host, in inventory order. */
  members(serviceId: string): PlacedService[] {
    return this.inventory.hosts.flatMap((host) => this.placed.find((p) => p.service.id === serviceId && p.host === host.name && p.instance === 0) ?? []);
  }

  /** The instance of a service on a host, or an error naming the host: a phase must not render a config for a host that does not run it. */
  on(serviceId: string, hostName: string): PlacedService {
    const found = this.members(serviceId).find((p) => p.host === hostName);
    if (!found) {
      throw new DatalypticaError('E_CONFIG_PLACEMENT', `host "${hostName}" does not run ${serviceId}`, {
        hint: `add ${serviceId} to the host's services in the inventory, or render this config only for the hosts that run it`,
      });
    }
    return found;
  }

  /** Every placed service id, in catalog order. */
  services(): string[] {
    return [...new Set(this.placed.map((p) => p.service.id))];
  }

  runs(serviceId: string, hostName: string): boolean {
    return this.members(serviceId).some((p) => p.host === hostName);
  }

  /** The address every service of phases 2-3 listens on and talks to: the host's application address. */
  appAddress(hostName: string): string {
    return this.host(hostName).addresses.application;
  }

  fqdn(hostName: string): string {
    return `${hostName}.${this.inventory.cluster.domain}`;
  }

  /** Prefix length of the application network (VIPs get the same netmask as the host addresses). */
  appPrefixLength(): number {
    const prefix = Number(this.inventory.networks.application.split('/')[1]);
    if (!Number.isInteger(prefix)) {
      throw new DatalypticaError('E_CONFIG_NETWORK', `networks.application "${this.inventory.networks.application}" has no prefix length`, { hint: 'write it as CIDR, e.g. 198.18.0.0/24' });
    }
    return prefix;
  }
}

export function portOf(placed: PlacedService, name: string): number {
  const port = placed.ports.find((p) => p.name === name);
  if (!port) throw new DatalypticaError('E_CONFIG_PORT', `${placed.service.id} on ${placed.host} has no "${name}" port`, { hint: 'this is a bug in the catalog' });
  return port.port;
}

/** The major version of a version string: '16.2' -> 16, '3.4' -> 3. */
export function majorVersion(placed: PlacedService): number {
  const major = Number.parseInt(placed.version, 10);
  if (!Number.isInteger(major)) {
    throw new DatalypticaError('E_CONFIG_VERSION', `${placed.service.id} version "${placed.version}" has no major number`, {
      hint: `set versions.${placed.service.component} in the inventory to a version such as "16" or "16.2"`,
    });
  }
  return major;
}
