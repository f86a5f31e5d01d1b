/** Context builders for the templates of phases 2 and 3: pure functions of the inventory (and secrets, host facts). */
export { etcdApi, type EtcdApi } from './dcs-api.js';
export { etcdClientUrls, etcdContext, etcdUnitContext, type EtcdContext } from './etcd.js';
export type { HostFacts, OsFamily } from './facts.js';
export { HAPROXY_STATS_USER, haproxyBinds, haproxyContext, type HaproxyBind, type HaproxyContext, type HaproxyListener, type HaproxySecrets, type HaproxyServer } from './haproxy.js';
export { keepalivedContext, virtualRouterId, type KeepalivedContext } from './keepalived.js';
export { HOST_PATHS } from './paths.js';
export { PATRONI_NAMESPACE, PATRONI_REST_USER, patroniContext, patroniLeaderKey, patroniScope, POSTGRES_USERS, type PatroniContext, type PatroniOptions, type PatroniSecrets } from './patroni.js';
export { ETCD_TIMING, HAPROXY_CHECK_TIMING, KEEPALIVED_TIMING, PATRONI_TIMING, VIP_MANAGER_TIMING } from './timing.js';
export { Topology } from './topology.js';
export { vipManagerContext, type VipManagerContext } from './vip-manager.js';
