import type { Inventory } from '../inventory/model.js';
import { etcdApi } from './dcs-api.js';
import { HOST_PATHS } from './paths.js';
import { ETCD_TIMING } from './timing.js';
import { portOf, Topology } from './topology.js';

export interface EtcdContext {
  name: string;
  dataDir: string;
  listenClientUrls: string;
  advertiseClientUrls: string;
  listenPeerUrls: string;
  initialAdvertisePeerUrls: string;
  initialCluster: string;
  initialClusterToken: string;
  heartbeatMs: number;
  electionMs: number;
  enableV2: boolean;
  tls: { certFile: string; keyFile: string; caFile: string };
}

/** Every etcd member's client URL: for Patroni, vip-manager and the health gate. */
export function etcdClientUrls(inventory: Inventory, topology = new Topology(inventory)): string[] {
  return topology.members('etcd').map((member) => `https://${topology.appAddress(member.host)}:${portOf(member, 'client')}`);
}

/**
 * /etc/default/etcd for one member of the static cluster. Peers and clients use the
 * application address over TLS with client certificates required; loopback is added for
 * etcdctl on the host. The member's host certificate serves both sides of peer TLS.
 */
export function etcdContext(inventory: Inventory, hostName: string): EtcdContext {
  const topology = new Topology(inventory);
  const self = topology.on('etcd', hostName);
  const address = topology.appAddress(hostName);
  const clientPort = portOf(self, 'client');
  const peerUrl = (host: string, port: number) => `https://${topology.appAddress(host)}:${port}`;
  const tlsDir = HOST_PATHS.etcd.tlsDir;
  return {
    name: hostName,
    dataDir: HOST_PATHS.etcd.dataDir,
    listenClientUrls: `https://${address}:${clientPort},https://127.0.0.1:${clientPort}`,
    advertiseClientUrls: `https://${address}:${clientPort}`,
    listenPeerUrls: peerUrl(hostName, portOf(self, 'peer')),
    initialAdvertisePeerUrls: peerUrl(hostName, portOf(self, 'peer')),
    initialCluster: topology
      .members('etcd')
      .map((member) => `${member.host}=${peerUrl(member.host, portOf(member, 'peer'))}`)
      .join(','),
    // Distinct per cluster so that members of two clusters can never join each other.
    initialClusterToken: `${inventory.cluster.name}-etcd`,
    heartbeatMs: ETCD_TIMING.heartbeatMs,
    electionMs: ETCD_TIMING.electionMs,
    enableV2: etcdApi(topology) === 'v2',
    tls: { certFile: `${tlsDir}/server.crt`, keyFile: `${tlsDir}/server.key`, caFile: `${tlsDir}/ca.crt` },
  };
}

/** Our etcd.service for etcd installed from the release archive (no distribution package). */
export function etcdUnitContext(binary = '/usr/local/bin/etcd'): { binary: string; envFile: string } {
  return { binary, envFile: HOST_PATHS.etcd.envFile };
}
