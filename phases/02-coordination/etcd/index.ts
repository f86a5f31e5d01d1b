import type { ServiceModule } from '../../shared/module.js';
import { ETCD_HEALTH } from './health.js';

/** etcd: the three-member TLS cluster Patroni and vip-manager keep their state in. */
export const etcdModule: ServiceModule = {
  id: 'etcd',
  probes: { etcd: ETCD_HEALTH },
};
