import { createHash } from 'node:crypto';
import type { HostFacts } from '../../../src/config/facts.js';
import { portOf, type Topology } from '../../../src/config/topology.js';
import { DatalypticaError } from '../../../src/core/errors.js';

export const KEEPALIVED_PATHS = {
  config: '/etc/keepalived/keepalived.conf',
  /** Owner root, 0755: keepalived's script security refuses scripts others can change. */
  checkScript: '/etc/keepalived/check-haproxy.sh',
} as const;

/**
 * VRRP version 3 (RFC 5798) because only v3 has sub-second adverts. A backup takes over after
 * the master-down interval 3 * advert_int + skew, skew = (256 - priority) * advert_int / 256:
 * with 0.3 s that is 0.9 s + <= 0.3 s ~ 1.2 s on power-off (< 2 s); a stopping keepalived
 * sends priority 0 and the backup takes over after the skew (~0.2 s, < 1 s). 0.3 s rather than
 * 0.1 s keeps a starved VM (the lab runs five on two cores) from missing three adverts in a
 * row and flapping the VIP. A killed keepalived is restarted by systemd within 0.1 s, and its
 * drop-in removes the VIP it left behind before the backup's 0.9 s are up.
 */
export const KEEPALIVED_TIMING = { advertIntSeconds: 0.3, checkIntervalSeconds: 1, checkFall: 2, checkRise: 1, restartSec: '100ms', startupDelaySeconds: 1 } as const;

export interface KeepalivedContext {
  routerId: string;
  instance: string;
  interface: string;
  virtualRouterId: number;
  priority: number;
  advertInt: number;
  unicastSrcIp: string;
  unicastPeers: string[];
  vip: string;
  vipPrefixLength: number;
  startupDelaySeconds: number;
  /** systemd's RestartSec for keepalived (the drop-in). */
  restartSec: string;
  check: { script: string; intervalSeconds: number; fall: number; rise: number; address: string; port: number };
}

/** VM1 150, VM2 100, VM3 50, ...: far apart so the skew (and so the winner) is always clear. */
const TOP_PRIORITY = 150;
const PRIORITY_STEP = 50;

/**
 * VRRP router id from the cluster name and the VIP's role, so two clusters (or the HAProxy
 * and a later Redis VIP) on one segment never share an id; 1-255.
 */
export function virtualRouterId(clusterName: string, role: string): number {
  return (createHash('sha256').update(`${clusterName}/${role}`).digest().readUInt16BE(0) % 255) + 1;
}

/**
 * /etc/keepalived/keepalived.conf holding the HAProxy VIP. Decisions (see the template too):
 * - VRRP version 3 for sub-second adverts. RFC 5798 removed authentication, and keepalived
 *   ignores `authentication` with version 3, so the "authentication set" requirement is met by
 *   unicast to the listed peers only, keepalived dropping adverts from other sources
 *   (vrrp_check_unicast_src), and the phase's firewall accepting protocol 112 only from peers.
 * - Every instance starts BACKUP with `nopreempt`: VM1 has the highest priority and wins the
 *   first election, but a host coming back does not take the VIP back, which would cut every
 *   client session a second time.
 * - A host whose HAProxy does not answer goes to FAULT and releases the VIP.
 */
export function keepalivedContext(topology: Topology, hostName: string, facts: HostFacts): KeepalivedContext {
  const inventory = topology.inventory;
  topology.on('keepalived', hostName);
  const members = topology.members('keepalived').map((member) => member.host);
  const rank = members.indexOf(hostName);
  const priority = TOP_PRIORITY - rank * PRIORITY_STEP;
  if (priority < 1) {
    throw new DatalypticaError('E_CONFIG_KEEPALIVED', `keepalived runs on ${members.length} hosts; at most ${Math.floor(TOP_PRIORITY / PRIORITY_STEP)} get distinct priorities`, {
      hint: 'run keepalived (and HAProxy) on three hosts, as the spec does',
    });
  }
  const haproxy = topology.on('haproxy', hostName);
  return {
    routerId: hostName,
    instance: 'haproxy_vip',
    interface: facts.applicationInterface,
    virtualRouterId: virtualRouterId(inventory.cluster.name, 'haproxy'),
    priority,
    advertInt: KEEPALIVED_TIMING.advertIntSeconds,
    startupDelaySeconds: KEEPALIVED_TIMING.startupDelaySeconds,
    restartSec: KEEPALIVED_TIMING.restartSec,
    unicastSrcIp: topology.appAddress(hostName),
    unicastPeers: members.filter((host) => host !== hostName).map((host) => topology.appAddress(host)),
    vip: inventory.vips.haproxy,
    vipPrefixLength: topology.appPrefixLength(),
    check: {
      script: KEEPALIVED_PATHS.checkScript,
      intervalSeconds: KEEPALIVED_TIMING.checkIntervalSeconds,
      fall: KEEPALIVED_TIMING.checkFall,
      rise: KEEPALIVED_TIMING.checkRise,
      address: topology.appAddress(hostName),
      port: portOf(haproxy, 'stats'),
    },
  };
}
