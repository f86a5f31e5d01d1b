import { SERVICES, SPEC_HOSTS } from '../../catalog/index.js';
import type { TierLayout } from './types.js';

/**
 * The spec's five VMs as the catalog places them by default (with REVIEW.md's fixes): the
 * reference the other tiers grow from, and the tier whose limits the spec states.
 */
export const TIER_5: TierLayout = {
  vms: 5,
  summary: ['the minimal deployment: three control-plane and two data-plane VMs'],
  hosts: SPEC_HOSTS.map((host) => ({
    name: host.name,
    role: host.role,
    size: host.role,
    purpose: host.title,
    services: SERVICES.flatMap((service) => Array.from({ length: service.placement[host.name] ?? 0 }, () => service.id)),
  })),
};
