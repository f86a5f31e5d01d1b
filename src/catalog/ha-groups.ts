import type { HaGroup } from './types.js';

/**
 * The HA groups of the spec's "Critical Services with HA" table, with its failover targets.
 * `majority` groups vote (Raft or Sentinel quorum) and need an odd count of at least 3;
 * `none` groups are active-active or leader-elected among whatever members run.
 */
export const HA_GROUPS = {
  etcd: { name: 'etcd', quorum: 'majority', failoverTargetSeconds: 5 },
  // Patroni and its PostgreSQL are one member: both services belong to this group.
  postgresql: { name: 'postgresql', quorum: 'majority', failoverTargetSeconds: 30 },
  // The KRaft controllers (combined with the brokers, as in the spec) vote.
  kafka: { name: 'kafka', quorum: 'majority', failoverTargetSeconds: 15 },
  // Sentinels vote on the Redis master; the Redis servers themselves do not.
  redisSentinel: { name: 'redis-sentinel', quorum: 'majority', failoverTargetSeconds: 10 },
  // The spec's "2/3 (shared)" with two Keepers tolerates no failure: the default runs three.
  clickhouseKeeper: { name: 'clickhouse-keeper', quorum: 'majority', failoverTargetSeconds: 30 },
  nessie: { name: 'nessie', quorum: 'none', failoverTargetSeconds: 5 },
  keycloak: { name: 'keycloak', quorum: 'none', failoverTargetSeconds: 5 },
  // Keepalived moves the HAProxy VIP: both are one member per host.
  haproxy: { name: 'haproxy', quorum: 'none', failoverTargetSeconds: 2 },
  schemaRegistry: { name: 'schema-registry', quorum: 'none', failoverTargetSeconds: 5 },
  clickhouse: { name: 'clickhouse', quorum: 'none', failoverTargetSeconds: 30 },
  redis: { name: 'redis', quorum: 'none', failoverTargetSeconds: 10 },
} as const satisfies Record<string, HaGroup>;
