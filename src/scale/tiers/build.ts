import { findService, SPEC_HOST_SIZES } from '../../catalog/index.js';
import { availableMemoryMiB, serviceMemoryMiB } from '../../catalog/sizing.js';
import { DatalypticaError } from '../../core/errors.js';
import { addressAt, addressProblem, subnetSize } from '../../inventory/layout-net.js';
import type { HostServiceEntry, HostSpec, Inventory, NetworkName } from '../../inventory/model.js';
import type { NewHost } from '../types.js';
import { tierServiceId, type TierHost, type TierLayout, type TierService } from './types.js';

const NETWORKS: NetworkName[] = ['management', 'application', 'storage'];

/**
 * Services get at most this share of a host's available memory when workers grow into it:
 * below the validator's 90 % warning, with room for page cache (ClickHouse, Kafka, shuffle).
 */
const GROW_BUDGET_SHARE = 0.8;

export interface TierInventory {
  inventory: Inventory;
  /** Tier host name -> host name in the new inventory (kept hosts keep their own names). */
  names: Map<string, string>;
  newHosts: NewHost[];
  purposes: Map<string, string>;
}

/**
 * The inventory of `tier` grown from `current`: the current hosts, in order, become the tier's
 * first hosts (names, addresses and sizes kept, so nothing is reinstalled that need not be);
 * the rest are new hosts of the spec's sizes with addresses free in every network. Every host
 * gets an explicit `services:` list, because only vm1..vm5 have catalog defaults.
 */
export function buildTierInventory(current: Inventory, tier: TierLayout): TierInventory {
  const names = new Map<string, string>();
  const purposes = new Map<string, string>();
  const used = new Set(current.hosts.map((host) => host.name));
  const taken = takenAddresses(current);
  const newHosts: NewHost[] = [];
  const hosts = tier.hosts.map((tierHost, index): HostSpec => {
    const kept = current.hosts[index];
    const name = kept?.name ?? freeName(tierHost.name, used);
    used.add(name);
    names.set(tierHost.name, name);
    purposes.set(name, tierHost.purpose);
    const nominal = SPEC_HOST_SIZES.recommended[tierHost.size];
    const resources = kept ? { ...kept.resources } : { vcpu: nominal.vcpu, memoryGiB: nominal.memoryGiB, diskGiB: nominal.diskGiB };
    const addresses = kept ? { ...kept.addresses } : allocateAddresses(current, tierHost.name, taken);
    const services = sizeServices(tierHost, resources.memoryGiB);
    if (!kept) {
      newHosts.push({ name, role: tierHost.role, purpose: tierHost.purpose, resources, addresses, services: tierHost.services.map(tierServiceId) });
    }
    return { name, role: tierHost.role, addresses, resources, services };
  });
  return { inventory: { ...structuredClone(current), hosts }, names, newHosts, purposes };
}

function freeName(preferred: string, used: Set<string>): string {
  if (!used.has(preferred)) return preferred;
  for (let n = 1; ; n += 1) if (!used.has(`vm${n}`)) return `vm${n}`;
}

/**
 * Memory per service: fixed services get the catalog's figure scaled to this host against the
 * spec size it stands for (not below their floor); growing workers share what is left of the
 * grow budget by weight (never below their own scaled figure). An entry names its memory only
 * where that differs from what placement would give it anyway, to keep the file readable.
 */
function sizeServices(host: TierHost, memoryGiB: number): Array<string | HostServiceEntry> {
  const nominalGiB = SPEC_HOST_SIZES.recommended[host.size].memoryGiB;
  const scaled = (entry: TierService): number => {
    const def = findService(tierServiceId(entry));
    if (!def) throw new DatalypticaError('E_SCALE_TIER', `tier layout names unknown service "${tierServiceId(entry)}"`, { hint: 'this is a bug in datalyptica' });
    return Math.max(def.minMemoryMiB, Math.round((def.memoryMiB * memoryGiB) / nominalGiB));
  };
  const fixed = host.services.filter((entry) => typeof entry === 'string').reduce((sum, entry) => sum + scaled(entry), 0);
  const weights = host.services.reduce((sum, entry) => sum + (typeof entry === 'string' ? 0 : entry.grow), 0);
  const spare = Math.floor(availableMemoryMiB(memoryGiB * 1024) * GROW_BUDGET_SHARE) - fixed;
  return host.services.map((entry) => {
    const id = tierServiceId(entry);
    const def = findService(id)!;
    const memory = typeof entry === 'string' ? scaled(entry) : Math.max(scaled(entry), Math.floor((spare * entry.grow) / weights / 64) * 64);
    return memory === serviceMemoryMiB(def, { role: host.role, memoryGiB }) ? id : { service: id, memoryMiB: memory };
  });
}

/** Every address in use per network: hosts, VIPs, the object storage endpoint and the NFS server. */
function takenAddresses(inventory: Inventory): Set<string> {
  const taken = new Set<string>();
  for (const host of inventory.hosts) for (const network of NETWORKS) taken.add(host.addresses[network]);
  for (const vip of Object.values(inventory.vips)) if (vip) taken.add(vip);
  if (inventory.nfs) taken.add(inventory.nfs.server);
  const endpoint = inventory.objectStorage?.endpoint;
  if (endpoint) {
    try {
      taken.add(new URL(endpoint).hostname);
    } catch {
      // Not a URL: the schema would have refused it; nothing to reserve.
    }
  }
  return taken;
}

/**
 * New hosts follow the spec's numbering where it is free: vmN at offset 20+N in every network
 * (vm6 is .26, vm50 is .70), clear of the control (.11-.13), data (.21-.22), VIP (.100-.102)
 * and storage (.250, .251) addresses; a taken address moves to the next free one.
 */
function allocateAddresses(inventory: Inventory, tierName: string, taken: Set<string>): Record<NetworkName, string> {
  const number = Number(/(\d+)$/.exec(tierName)?.[1] ?? 0);
  const addresses = {} as Record<NetworkName, string>;
  for (const network of NETWORKS) {
    const cidr = inventory.networks[network];
    const last = subnetSize(cidr) - 2;
    const preferred = Math.min(20 + number, last);
    const free = firstFree(cidr, preferred, last, taken);
    if (!free) {
      throw new DatalypticaError('E_SCALE_ADDRESSES', `networks.${network} (${cidr}) has no free address for ${tierName}`, { hint: `use a larger ${network} network, or free addresses in ${cidr}` });
    }
    taken.add(free);
    addresses[network] = free;
  }
  return addresses;
}

/** The first address from `preferred` up to `last`, then from 1 up, that nothing uses. */
function firstFree(cidr: string, preferred: number, last: number, taken: Set<string>): string | undefined {
  for (let step = 0; step < last; step += 1) {
    const offset = ((preferred - 1 + step) % last) + 1;
    const address = addressAt(cidr, offset);
    if (!taken.has(address) && addressProblem(address, cidr) === undefined) return address;
  }
  return undefined;
}
