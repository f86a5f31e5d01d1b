/** Health probes of the catalog's services, and the rule for a service without one. */
import type { ServiceDef } from '../types.js';

export * from './types.js';
export { ETCD_HEALTH, parseEndpointStatus } from './etcd.js';
export { HAPROXY_ADMIN_SOCKET, HAPROXY_HEALTH, KEEPALIVED_HEALTH, parseShowStat, type ServerState } from './haproxy.js';
export { MAX_HEALTHY_LAG_BYTES, PATRONI_HEALTH, POSTGRESQL_HEALTH, memberReport, type PatroniClusterMember, type PatroniSelf } from './patroni.js';
export { VIP_MANAGER_HEALTH } from './vip-manager.js';

/** The systemd unit that runs a service: its probe's, else `<id>.service` (the convention every phase follows). */
export function unitOf(service: ServiceDef): string {
  return service.health?.unit ?? `${service.id}.service`;
}
