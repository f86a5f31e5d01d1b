import type { HostRole, NetworkName, Vips } from './vocabulary.js';
import type { SpecHostSize } from './types.js';

/**
 * The facts of minimal-5vm-deployment.md that other parts build on: host sizes, the five
 * VMs with their addresses, networks and VIPs. Sizes read the spec's "GB"/"TB" as GiB/TiB.
 */
export const SPEC_HOST_SIZES: Record<'recommended' | 'minimum', Record<HostRole, SpecHostSize>> = {
  // "Hardware Requirements" table.
  recommended: {
    control: { role: 'control', vcpu: 32, memoryGiB: 128, diskGiB: 2048 },
    data: { role: 'data', vcpu: 64, memoryGiB: 256, diskGiB: 4096 },
  },
  // "Minimum Acceptable Specifications" table.
  minimum: {
    control: { role: 'control', vcpu: 16, memoryGiB: 64, diskGiB: 1024 },
    data: { role: 'data', vcpu: 32, memoryGiB: 128, diskGiB: 2048 },
  },
};

export interface SpecHost {
  name: string;
  role: HostRole;
  title: string;
  addresses: Record<NetworkName, string>;
}

/** Each VM has the same last octet on the management, application and storage networks. */
function specAddresses(octet: number): Record<NetworkName, string> {
  return { management: `10.10.0.${octet}`, application: `10.20.0.${octet}`, storage: `10.30.0.${octet}` };
}

export const SPEC_HOSTS: readonly SpecHost[] = [
  { name: 'vm1', role: 'control', title: 'control plane 1 (primary)', addresses: specAddresses(11) },
  { name: 'vm2', role: 'control', title: 'control plane 2', addresses: specAddresses(12) },
  { name: 'vm3', role: 'control', title: 'control plane 3 (quorum)', addresses: specAddresses(13) },
  { name: 'vm4', role: 'data', title: 'data plane 1', addresses: specAddresses(21) },
  { name: 'vm5', role: 'data', title: 'data plane 2', addresses: specAddresses(22) },
];

export const SPEC_HOST_NAMES: readonly string[] = SPEC_HOSTS.map((host) => host.name);

export const SPEC_NETWORKS: Record<NetworkName, string> = {
  management: '10.10.0.0/24',
  application: '10.20.0.0/24',
  storage: '10.30.0.0/24',
};

export const SPEC_VIPS: Vips = {
  haproxy: '10.20.0.100',
  postgresql: '10.20.0.101',
  redis: '10.20.0.102',
  external: '203.0.113.100',
};

/** The spec's recommended memory for a role, in MiB: the size the catalog's memory figures are for. */
export function specMemoryMiB(role: HostRole): number {
  return SPEC_HOST_SIZES.recommended[role].memoryGiB * 1024;
}

/** The spec's recommended vCPU count for a role: the size the catalog's CPU figures are for. */
export function specVcpu(role: HostRole): number {
  return SPEC_HOST_SIZES.recommended[role].vcpu;
}
