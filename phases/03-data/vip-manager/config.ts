import type { HostFacts } from '../../../src/config/facts.js';
import type { Topology } from '../../../src/config/topology.js';
import { etcdClientUrls } from '../../02-coordination/etcd/config.js';
import { patroniLeaderKey } from '../postgresql/config.js';

export const VIP_MANAGER_PATHS = {
  /** Owner root, 0644 (no secrets: it authenticates to etcd with a client certificate). */
  config: '/etc/vip-manager/vip-manager.yml',
  /** Owner root, key 0600: vip-manager runs as root to add addresses. */
  tlsDir: '/etc/vip-manager/tls',
} as const;

/** vip-manager polls the leader key; 500 ms keeps the PostgreSQL VIP within a second of the leader. */
export const VIP_MANAGER_TIMING = { intervalMs: 500, retryAfterMs: 250, retryNum: 3 } as const;

export interface VipManagerContext {
  ip: string;
  netmask: number;
  interface: string;
  triggerKey: string;
  triggerValue: string;
  endpoints: string[];
  tls: { caFile: string; certFile: string; keyFile: string };
  intervalMs: number;
  retryAfterMs: number;
  retryNum: number;
  configPath: string;
}

/**
 * vip-manager's YAML config (the same keys in 1.x and 2.x): hold the PostgreSQL VIP while the
 * Patroni leader key names this host. It reads etcd over TLS with its own client certificate;
 * which etcd API it reads with is fixed by its version, and Patroni writes there (dcs-api.ts).
 */
export function vipManagerContext(topology: Topology, hostName: string, facts: HostFacts): VipManagerContext {
  const inventory = topology.inventory;
  topology.on('vip-manager', hostName);
  const tls = VIP_MANAGER_PATHS.tlsDir;
  return {
    ip: inventory.vips.postgresql,
    netmask: topology.appPrefixLength(),
    interface: facts.applicationInterface,
    triggerKey: patroniLeaderKey(inventory),
    // Patroni's member name is the host name (patroni.ts).
    triggerValue: hostName,
    endpoints: etcdClientUrls(topology),
    tls: { caFile: `${tls}/ca.crt`, certFile: `${tls}/etcd-client.crt`, keyFile: `${tls}/etcd-client.key` },
    ...VIP_MANAGER_TIMING,
    configPath: VIP_MANAGER_PATHS.config,
  };
}
