import type { Clock } from '../core/clock.js';
import { HAPROXY_STATS_USER } from '../config/haproxy.js';
import { portOf, Topology } from '../config/topology.js';
import type { Inventory } from '../inventory/model.js';
import { ETCD_LEADER, EtcdPutClient, etcdLeaderClaims } from './clients/etcd.js';
import { PgInsertClient } from './clients/postgres.js';
import { HttpProbeClient, patroniClusterReadiness, patroniRoleClaims, POSTGRES_PRIMARY, vipClaimProbe } from './clients/probes.js';
import type { ClaimWatch, ServiceKit } from './kit.js';
import type { HostShell } from './shell.js';
import type { FailoverService } from './types.js';

/** What the clients need to reach the cluster: the CA, etcd client certificate, passwords. */
export interface ClusterCredentials {
  ca: string;
  etcdClient: { cert: string; key: string };
  postgresUser: string;
  postgresPassword: string;
  haproxyStatsPassword: string;
}

/** Probes give up quickly: a sample that takes longer than this is no longer "now". */
const PROBE_TIMEOUT_MS = 800;
const CONNECT_TIMEOUT_MS = 2_000;
/** An etcd put still unanswered after this is unknown (etcd's own request timeout is 7 s with our settings). */
const ETCD_PUT_TIMEOUT_MS = 10_000;

/**
 * The kit of every HA service the cluster runs, with real clients:
 * - PostgreSQL: inserts through the PostgreSQL VIP and through HAProxy's primary port on the
 *   HAProxy VIP; the role is the member whose Patroni says it runs as primary;
 * - etcd: puts round-robin over every member; the role is the Raft leader;
 * - HAProxy: GETs of the stats page through the HAProxy VIP; the role is holding the VIP.
 */
export function clusterKits(inventory: Inventory, installed: ReadonlySet<FailoverService>, credentials: ClusterCredentials, shell: HostShell, clock: Clock): Partial<Record<FailoverService, ServiceKit>> {
  const topology = new Topology(inventory);
  const kits: Partial<Record<FailoverService, ServiceKit>> = {};
  const address = (host: string) => topology.appAddress(host);

  if (installed.has('postgresql')) {
    const members = topology.members('patroni');
    const pgPort = portOf(topology.members('postgresql')[0]!, 'postgresql');
    const haproxy = topology.members('haproxy')[0];
    const base = { user: credentials.postgresUser, password: credentials.postgresPassword, database: 'postgres', ca: credentials.ca, connectTimeoutMs: CONNECT_TIMEOUT_MS };
    const restUrl = (host: string) => `https://${address(host)}:${portOf(topology.on('patroni', host), 'rest')}`;
    kits.postgresql = {
      service: 'postgresql',
      claim: POSTGRES_PRIMARY,
      holderName: 'the PostgreSQL primary',
      hosts: members.map((member) => member.host),
      probe: (host) => patroniRoleClaims(restUrl(host), { ca: credentials.ca }, PROBE_TIMEOUT_MS),
      ready: () => patroniClusterReadiness(members.map((member) => restUrl(member.host)), { ca: credentials.ca }, CONNECT_TIMEOUT_MS),
      clients: (run) => [
        new PgInsertClient(`insert via PostgreSQL VIP ${inventory.vips.postgresql}:${pgPort}`, { ...base, host: inventory.vips.postgresql, port: pgPort }, `${run}-vip`, clock),
        ...(haproxy
          ? [new PgInsertClient(`insert via HAProxy ${inventory.vips.haproxy}:${portOf(haproxy, 'postgresql-primary')}`, { ...base, host: inventory.vips.haproxy, port: portOf(haproxy, 'postgresql-primary') }, `${run}-haproxy`, clock)]
          : []),
      ],
    };
  }

  if (installed.has('etcd')) {
    const members = topology.members('etcd');
    const endpointOf = (host: string) => `https://${address(host)}:${portOf(topology.on('etcd', host), 'client')}`;
    const tls = { ca: credentials.ca, ...credentials.etcdClient };
    kits.etcd = {
      service: 'etcd',
      claim: ETCD_LEADER,
      holderName: 'the etcd leader',
      hosts: members.map((member) => member.host),
      probe: (host) => etcdLeaderClaims(endpointOf(host), tls, PROBE_TIMEOUT_MS),
      clients: (run) => [
        new EtcdPutClient('put round-robin to every etcd member', { endpoints: members.map((member) => endpointOf(member.host)), tls, timeoutMs: ETCD_PUT_TIMEOUT_MS }, `/datalyptica/failover-test/${run}/`),
      ],
    };
  }

  if (installed.has('haproxy')) {
    const stats = portOf(topology.members('haproxy')[0]!, 'stats');
    const vip = inventory.vips.haproxy;
    kits.haproxy = {
      service: 'haproxy',
      claim: vip,
      holderName: `the holder of the HAProxy VIP ${vip}`,
      hosts: topology.members('keepalived').map((member) => member.host),
      probe: vipClaimProbe(shell, [vip], PROBE_TIMEOUT_MS),
      clients: () => [new HttpProbeClient(`GET the stats page via HAProxy VIP ${vip}:${stats}`, `http://${vip}:${stats}/`, { user: HAPROXY_STATS_USER, password: credentials.haproxyStatsPassword }, 1_000)],
    };
  }
  return kits;
}

/** The VIPs of the cluster, watched on every host that may hold one, in every scenario. */
export function vipWatch(inventory: Inventory, shell: HostShell): ClaimWatch {
  const topology = new Topology(inventory);
  const managers = [...topology.members('keepalived'), ...topology.members('vip-manager')];
  const hosts = [...new Set(managers.map((member) => member.host))];
  const claims = [inventory.vips.haproxy, ...(topology.members('vip-manager').length > 0 ? [inventory.vips.postgresql] : [])];
  return { hosts, claims, probe: vipClaimProbe(shell, claims, PROBE_TIMEOUT_MS) };
}
