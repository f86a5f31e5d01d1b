import { createHash } from 'node:crypto';
import { DatalypticaError } from '../core/errors.js';
import type { Inventory } from '../inventory/model.js';
import type { HostFacts } from './facts.js';
import { HOST_PATHS } from './paths.js';
import { KEEPALIVED_TIMING } from './timing.js';
import { portOf, Topology } from './topology.js';

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
export function keepalivedContext(inventory: Inventory, hostName: string, facts: HostFacts): KeepalivedContext {
  const topology = new Topology(inventory);
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
    unicastSrcIp: topology.appAddress(hostName),
    unicastPeers: members.filter((host) => host !== hostName).map((host) => topology.appAddress(host)),
    vip: inventory.vips.haproxy,
    vipPrefixLength: topology.appPrefixLength(),
    check: {
      script: HOST_PATHS.keepalived.checkScript,
      intervalSeconds: KEEPALIVED_TIMING.checkIntervalSeconds,
      fall: KEEPALIVED_TIMING.checkFall,
      rise: KEEPALIVED_TIMING.checkRise,
      address: topology.appAddress(hostName),
      port: portOf(haproxy, 'stats'),
    },
  };
}
