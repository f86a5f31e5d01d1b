import type { ServiceModule } from '../../shared/module.js';
import { pinnedPackage } from '../../shared/packages.js';
import { haproxyFailover } from './failover.js';
import { HAPROXY_HEALTH } from './health.js';
import { HAPROXY_SECRETS, haproxyConfig } from './steps.js';

/** HAProxy: the platform's one entry point, behind the keepalived VIP; its listeners come from every module's frontends. */
export const haproxyModule: ServiceModule = {
  id: 'haproxy',
  services: ['haproxy'],
  probes: { haproxy: HAPROXY_HEALTH },
  packages: (host, ctx) => [pinnedPackage(ctx.topology, 'haproxy', host.name, 'haproxy')],
  steps: [haproxyConfig],
  secrets: HAPROXY_SECRETS,
  // Clients reaching a service through HAProxy's VIP verify the certificate of whichever member answers.
  hostCertificateSans: (topology) => [topology.inventory.vips.haproxy, `lb.${topology.inventory.cluster.domain}`],
  failover: haproxyFailover,
};
