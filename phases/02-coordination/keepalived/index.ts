import type { ServiceModule } from '../../shared/module.js';
import { pinnedPackage } from '../../shared/packages.js';
import { haproxyVipServes } from './gate.js';
import { keepalivedStep } from './step.js';

/** keepalived: holds the HAProxy VIP on the best host whose HAProxy answers. */
export const keepalivedModule: ServiceModule = {
  id: 'keepalived',
  services: ['keepalived'],
  // `status` checks that exactly one host holds the VIP it moves.
  probes: { keepalived: { vip: 'haproxy' } },
  packages: (host, ctx) => [pinnedPackage(ctx.topology, 'keepalived', host.name, 'keepalived')],
  steps: [keepalivedStep],
  checks: [haproxyVipServes],
};
