import type { OsFamily } from '../../../src/config/facts.js';
import { majorVersion, portOf, type Topology } from '../../../src/config/topology.js';
import { DatalypticaError } from '../../../src/core/errors.js';
import type { Inventory } from '../../../src/inventory/model.js';
import { etcdClientUrls } from '../../02-coordination/etcd/config.js';
import { etcdApi } from '../../02-coordination/etcd/dcs-api.js';
import { MAX_CONNECTIONS, postgresMemory, type PostgresMemory } from './memory.js';

/** Where PostgreSQL and Patroni keep their files on a host. */
export const POSTGRES_PATHS = {
  /** Owner postgres, 0600: it holds the database passwords. Debian's patroni.service reads it. */
  config: '/etc/patroni/config.yml',
  /** Owner postgres, keys 0600: PostgreSQL's server certificate, Patroni's REST and etcd client certificates. */
  tlsDir: '/etc/patroni/tls',
  /** Owner postgres, 0700; the data directory is created inside it by initdb or pg_basebackup. */
  dataRoot: '/data/postgresql',
} as const;

/** The passwords of the cluster, by the names they have in the secrets store. */
export const POSTGRES_SECRETS = {
  superuser: 'postgresql.superuser',
  replication: 'postgresql.replication',
  rewind: 'postgresql.rewind',
  restApi: 'patroni.restapi',
} as const;

/**
 * The targets the lab measures: leader stopped cleanly < 5 s, killed or powered off < 25 s
 * (spec: < 30 s). Patroni: ttl 20 is the smallest Patroni accepts (newer releases refuse
 * less). Patroni must be able to demote itself before its leader key expires, which it
 * guarantees only when loop_wait + 2 * retry_timeout <= ttl: 2 + 2 * 8 = 18 <= 20.
 * - loop_wait 2: the HA loop (leader key refresh, health) runs every 2 s; replicas also watch
 *   the leader key, so they react to its deletion or expiry at once rather than a loop later.
 * - retry_timeout 8: DCS and PostgreSQL operations are retried for 8 s before the leader
 *   demotes itself: long enough to ride out an etcd leader election (~2 s), short enough for
 *   the inequality above.
 * Clean stop: the leader deletes its key, the sync standby promotes within ~1 s, HAProxy sees
 * /primary answer 200 within its down-interval: ~2 s (< 5 s). Hard kill or power-off: the key
 * expires 18-20 s after the last refresh, then ~1 s promotion + HAProxy: ~22 s (< 25 s).
 */
export const PATRONI_TIMING = { ttl: 20, loopWait: 2, retryTimeout: 8 } as const;

/** Refuses Patroni settings under which a leader could lose its key before demoting itself. */
export function checkPatroniTiming(timing: { ttl: number; loopWait: number; retryTimeout: number }): void {
  if (timing.ttl < 20 || timing.loopWait + 2 * timing.retryTimeout > timing.ttl) {
    throw new DatalypticaError('E_CONFIG_PATRONI_TIMING', `Patroni ttl ${timing.ttl}, loop_wait ${timing.loopWait}, retry_timeout ${timing.retryTimeout} are unsafe`, {
      hint: 'Patroni needs ttl >= 20 and loop_wait + 2 * retry_timeout <= ttl',
    });
  }
}

export interface PatroniSecrets {
  superuser: string;
  replication: string;
  rewind: string;
  restApi: string;
}

export interface PatroniOptions {
  /** Where the PostgreSQL packages put the binaries (default debian: PGDG and Debian agree). */
  osFamily?: OsFamily;
  /**
   * Whether the host has a watchdog device Patroni may use (/dev/watchdog writable by postgres,
   * e.g. softdog loaded). Off by default: in the lab the hosts share one kernel, and a watchdog
   * armed by one lab host's Patroni would reset the whole machine.
   */
  watchdog?: boolean;
}

export const POSTGRES_USERS = { superuser: 'postgres', replication: 'replicator', rewind: 'rewind_user' } as const;
export const PATRONI_REST_USER = 'patroni';
export const PATRONI_NAMESPACE = '/service/';

export interface PatroniContext {
  scope: string;
  namespace: string;
  name: string;
  dcs: { section: 'etcd' | 'etcd3'; hosts: string[]; cacert: string; cert: string; key: string };
  restapi: { listen: string; connectAddress: string; certfile: string; keyfile: string; cafile: string; username: string; password: string };
  timing: { ttl: number; loopWait: number; retryTimeout: number };
  maxConnections: number;
  postgresql: {
    listen: string;
    connectAddress: string;
    dataDir: string;
    binDir: string;
    pgpass: string;
    socketDir: string;
    users: { superuser: string; replication: string; rewind: string };
    passwords: { superuser: string; replication: string; rewind: string };
    tls: { certFile: string; keyFile: string; caFile: string };
    memory: PostgresMemory;
    pgHba: string[];
  };
  watchdogMode: 'off' | 'automatic';
  nosync: boolean;
}

/** The Patroni scope: the cluster's name; the leader key is `<namespace><scope>/leader`. */
export function patroniScope(inventory: Inventory): string {
  return inventory.cluster.name;
}

export function patroniLeaderKey(inventory: Inventory): string {
  return `${PATRONI_NAMESPACE}${patroniScope(inventory)}/leader`;
}

/**
 * /etc/patroni/config.yml for one member. Decisions:
 * - DCS: etcd over TLS with the `patroni` client certificate; `etcd3` unless vip-manager 1.x
 *   needs the v2 key space (dcs-api.ts).
 * - synchronous_mode on; the first two PostgreSQL hosts may be the sync standby, later ones are
 *   tagged nosync, so with the spec's three the sync standby is VM2 (VM1 when VM2 leads) and
 *   VM3 stays async. Not strict: with no sync standby left the primary keeps taking writes.
 * - pg_hba: local peer for postgres, replication only from the members' addresses, every other
 *   remote login hostssl + scram-sha-256 from the application network.
 * - REST API over TLS with the host certificate; state-changing endpoints need the password.
 */
export function patroniContext(topology: Topology, hostName: string, secrets: PatroniSecrets, options: PatroniOptions = {}): PatroniContext {
  const inventory = topology.inventory;
  const postgres = topology.on('postgresql', hostName);
  const patroni = topology.on('patroni', hostName);
  const address = topology.appAddress(hostName);
  const pgPort = portOf(postgres, 'postgresql');
  const restPort = portOf(patroni, 'rest');
  const major = majorVersion(postgres);
  const tls = POSTGRES_PATHS.tlsDir;
  const members = topology.members('postgresql').map((member) => member.host);
  checkPatroniTiming(PATRONI_TIMING);
  const replicationLines = members.map((host) => `hostssl replication ${POSTGRES_USERS.replication} ${topology.appAddress(host)}/32 scram-sha-256`);
  return {
    scope: patroniScope(inventory),
    namespace: PATRONI_NAMESPACE,
    name: hostName,
    dcs: {
      section: etcdApi(topology) === 'v2' ? 'etcd' : 'etcd3',
      hosts: etcdClientUrls(topology).map((url) => url.replace(/^https:\/\//, '')),
      cacert: `${tls}/ca.crt`,
      cert: `${tls}/etcd-client.crt`,
      key: `${tls}/etcd-client.key`,
    },
    restapi: {
      listen: `${address}:${restPort}`,
      connectAddress: `${address}:${restPort}`,
      certfile: `${tls}/server.crt`,
      keyfile: `${tls}/server.key`,
      cafile: `${tls}/ca.crt`,
      username: PATRONI_REST_USER,
      password: secrets.restApi,
    },
    timing: { ...PATRONI_TIMING },
    maxConnections: MAX_CONNECTIONS,
    postgresql: {
      // Patroni's listen takes "IP1,IP2:PORT"; loopback is for local tools (exporters). The
      // PostgreSQL VIP too, bound on every member before vip-manager brings it (phase 3 sets
      // net.ipv4.ip_nonlocal_bind): PostgreSQL binds its addresses only at start.
      listen: `${address},${inventory.vips.postgresql},127.0.0.1:${pgPort}`,
      connectAddress: `${address}:${pgPort}`,
      dataDir: `${POSTGRES_PATHS.dataRoot}/${major}`,
      binDir: options.osFamily === 'rhel' ? `/usr/pgsql-${major}/bin` : `/usr/lib/postgresql/${major}/bin`,
      pgpass: `${POSTGRES_PATHS.dataRoot}/.pgpass_patroni`,
      socketDir: '/var/run/postgresql',
      users: { ...POSTGRES_USERS },
      passwords: { superuser: secrets.superuser, replication: secrets.replication, rewind: secrets.rewind },
      tls: { certFile: `${tls}/server.crt`, keyFile: `${tls}/server.key`, caFile: `${tls}/ca.crt` },
      memory: postgresMemory(postgres.memoryMiB),
      pgHba: [
        `local all ${POSTGRES_USERS.superuser} peer`,
        'local all all scram-sha-256',
        ...replicationLines,
        // Patroni reads its own timeline over a local replication connection before it may
        // promote (is_healthiest_node); without this line no replica ever takes over.
        `hostssl replication ${POSTGRES_USERS.replication} 127.0.0.1/32 scram-sha-256`,
        'hostssl all all 127.0.0.1/32 scram-sha-256',
        `hostssl all all ${inventory.networks.application} scram-sha-256`,
      ],
    },
    watchdogMode: options.watchdog ? 'automatic' : 'off',
    nosync: members.indexOf(hostName) >= 2,
  };
}
