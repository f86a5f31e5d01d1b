import type { HostRole } from '../../inventory/model.js';

/**
 * A tier of the spec's scaling path as data: which host runs which services. Hosts keep the
 * names of the tier before wherever they keep services, so growing is incremental (vm1..vm5
 * stay, new hosts are vm6..). `size` picks one of the spec's two VM sizes (and its price).
 */
export type HostSize = 'control' | 'data';

/** A service id, or one that takes a weighted share of the host memory the fixed services leave. */
export type TierService = string | { service: string; grow: number };

export interface TierHost {
  name: string;
  role: HostRole;
  size: HostSize;
  purpose: string;
  services: TierService[];
}

export interface TierLayout {
  vms: number;
  /** What this step of the path does, in the spec's words where it has them. */
  summary: string[];
  hosts: TierHost[];
}

/** A worker that takes the host's spare memory: one weight unit. */
export function grow(service: string, weight = 1): TierService {
  return { service, grow: weight };
}

export function tierServiceId(entry: TierService): string {
  return typeof entry === 'string' ? entry : entry.service;
}

/** The HA core every control-plane host of the 5- and 10-VM tiers runs. */
export const CONTROL_CORE = ['haproxy', 'keepalived', 'etcd', 'postgresql', 'patroni', 'vip-manager'] as const;
