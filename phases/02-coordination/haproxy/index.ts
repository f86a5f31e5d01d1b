import type { ServiceModule } from '../../shared/module.js';
import { HAPROXY_HEALTH } from './health.js';

/** HAProxy: the platform's one entry point, behind the keepalived VIP. */
export const haproxyModule: ServiceModule = {
  id: 'haproxy',
  probes: { haproxy: HAPROXY_HEALTH },
};
