import type { ServiceModule } from '../../shared/module.js';
import { pinnedPackage } from '../../shared/packages.js';
import { etcdFailover } from './failover.js';
import { etcdStoresData } from './gate.js';
import { ETCD_HEALTH } from './health.js';
import { etcdMember } from './member.js';

/** etcd: the three-member TLS cluster Patroni and vip-manager keep their state in. */
export const etcdModule: ServiceModule = {
  id: 'etcd',
  services: ['etcd'],
  probes: { etcd: ETCD_HEALTH },
  // etcdctl is in etcd-client, not etcd-server.
  packages: (host, ctx) => ['etcd-server', 'etcd-client'].map((name) => pinnedPackage(ctx.topology, 'etcd', host.name, name)),
  steps: [etcdMember],
  checks: [etcdStoresData],
  usesHostCertificate: true,
  failover: etcdFailover,
};
