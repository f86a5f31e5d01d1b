import type { ServiceModule } from '../../shared/module.js';

/** keepalived: holds the HAProxy VIP on the best host whose HAProxy answers. */
export const keepalivedModule: ServiceModule = {
  id: 'keepalived',
  // `status` checks that exactly one host holds the VIP it moves.
  probes: { keepalived: { vip: 'haproxy' } },
};
