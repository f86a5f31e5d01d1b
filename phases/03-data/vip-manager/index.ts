import type { ServiceModule } from '../../shared/module.js';
import { pinnedPackage } from '../../shared/packages.js';
import { postgresVipIsPrimary } from './gate.js';
import { vipManagerStep } from './step.js';

/** vip-manager: moves the PostgreSQL VIP to the Patroni leader's host. */
export const vipManagerModule: ServiceModule = {
  id: 'vip-manager',
  services: ['vip-manager'],
  // `status` checks that exactly one host holds the VIP it moves.
  probes: { 'vip-manager': { vip: 'postgresql' } },
  packages: (host, ctx) => [pinnedPackage(ctx.topology, 'vip-manager', host.name, 'vip-manager')],
  steps: [vipManagerStep],
  checks: [postgresVipIsPrimary],
};
