import type { ServiceModule } from '../../shared/module.js';

/** vip-manager: moves the PostgreSQL VIP to the Patroni leader's host. */
export const vipManagerModule: ServiceModule = {
  id: 'vip-manager',
  // `status` checks that exactly one host holds the VIP it moves.
  probes: { 'vip-manager': { vip: 'postgresql' } },
};
