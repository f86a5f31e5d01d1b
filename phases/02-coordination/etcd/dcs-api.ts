import { DISTRO_VERSION } from '../../../src/catalog/index.js';
import type { Topology } from '../../../src/config/topology.js';

/**
 * Which etcd API Patroni writes its keys with. etcd keeps the v2 and v3 key spaces apart, and
 * vip-manager must read the leader key Patroni writes:
 * - vip-manager 1.x (Debian 12 and Ubuntu ship 1.0.2) speaks only the v2 API, so Patroni uses
 *   its `etcd` (v2) DCS and etcd runs with the v2 API enabled (--enable-v2; etcd 3.4 and 3.5
 *   still have it, 3.6 drops it);
 * - vip-manager 2.x speaks v3, so Patroni uses `etcd3` and etcd keeps v2 off.
 * Without vip-manager in the placement, v3.
 */
export type EtcdApi = 'v2' | 'v3';

export function etcdApi(topology: Topology): EtcdApi {
  const vipManager = topology.members('vip-manager')[0];
  if (!vipManager) return 'v3';
  const version = vipManager.version;
  if (version === DISTRO_VERSION) return 'v2';
  return Number.parseInt(version, 10) >= 2 ? 'v3' : 'v2';
}
