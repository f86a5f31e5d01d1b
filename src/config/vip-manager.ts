import type { Inventory } from '../inventory/model.js';
import { etcdClientUrls } from './etcd.js';
import type { HostFacts } from './facts.js';
import { HOST_PATHS } from './paths.js';
import { patroniLeaderKey } from './patroni.js';
import { VIP_MANAGER_TIMING } from './timing.js';
import { Topology } from './topology.js';

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
export function vipManagerContext(inventory: Inventory, hostName: string, facts: HostFacts): VipManagerContext {
  const topology = new Topology(inventory);
  topology.on('vip-manager', hostName);
  const tls = HOST_PATHS.vipManager.tlsDir;
  return {
    ip: inventory.vips.postgresql,
    netmask: topology.appPrefixLength(),
    interface: facts.applicationInterface,
    triggerKey: patroniLeaderKey(inventory),
    // Patroni's member name is the host name (patroni.ts).
    triggerValue: hostName,
    endpoints: etcdClientUrls(inventory, topology),
    tls: { caFile: `${tls}/ca.crt`, certFile: `${tls}/etcd-client.crt`, keyFile: `${tls}/etcd-client.key` },
    ...VIP_MANAGER_TIMING,
    configPath: HOST_PATHS.vipManager.config,
  };
}
