/**
 * The secrets of phases 2 and 3, by the name they have in secrets.json. One place so that a
 * phase and a health gate asking for "the Patroni REST password" get the same value.
 */
export const SECRET_NAMES = {
  postgresSuperuser: 'postgresql.superuser',
  postgresReplication: 'postgresql.replication',
  postgresRewind: 'postgresql.rewind',
  patroniRestApi: 'patroni.restapi',
  haproxyStats: 'haproxy.stats',
} as const;
