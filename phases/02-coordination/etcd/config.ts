import { portOf, Topology } from '../../../src/config/topology.js';
import { etcdApi } from './dcs-api.js';

/** Where etcd's files live on a host: the template references them, the module uploads to them. */
export const ETCD_PATHS = {
  /** Owner etcd, 0700: etcd refuses a data directory others can read. */
  dataDir: '/data/etcd',
  /** Read by Debian's etcd.service (EnvironmentFile) and by our own unit for the release tarball. */
  envFile: '/etc/default/etcd',
  /** Owner etcd (key 0600). */
  tlsDir: '/etc/etcd/tls',
} as const;

/**
 * etcd: followers start an election after a randomised 1-2 x the election timeout without a
 * heartbeat, so a killed leader is replaced in at most ~2.1 s (< 3 s). 100 ms heartbeats are
 * etcd's default and ~100x a LAN round trip; going lower buys little and makes a busy VM
 * (fsync stalls) trigger needless elections. A clean stop hands leadership over at once.
 */
export const ETCD_TIMING = { heartbeatMs: 100, electionMs: 1000 } as const;

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
export function etcdClientUrls(topology: Topology): string[] {
  return topology.members('etcd').map((member) => `https://${topology.appAddress(member.host)}:${portOf(member, 'client')}`);
}

/**
 * /etc/default/etcd for one member of the static cluster. Peers and clients use the
 * application address over TLS with client certificates required; loopback is added for
 * etcdctl on the host. The member's host certificate serves both sides of peer TLS.
 */
export function etcdContext(topology: Topology, hostName: string): EtcdContext {
  const inventory = topology.inventory;
  const self = topology.on('etcd', hostName);
  const address = topology.appAddress(hostName);
  const clientPort = portOf(self, 'client');
  const peerUrl = (host: string, port: number) => `https://${topology.appAddress(host)}:${port}`;
  const tlsDir = ETCD_PATHS.tlsDir;
  return {
    name: hostName,
    dataDir: ETCD_PATHS.dataDir,
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
  return { binary, envFile: ETCD_PATHS.envFile };
}

/** etcdctl (v3 API) against every member, as the host: its certificate is also a client certificate. */
export function etcdctl(topology: Topology, args: string): string {
  const tls = ETCD_PATHS.tlsDir;
  return `ETCDCTL_API=3 etcdctl --endpoints=${etcdClientUrls(topology).join(',')} --cacert=${tls}/ca.crt --cert=${tls}/server.crt --key=${tls}/server.key --dial-timeout=2s --command-timeout=3s ${args}`;
}
