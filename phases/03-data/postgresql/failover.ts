import { portOf } from '../../../src/config/topology.js';
import { CONNECT_TIMEOUT_MS, PROBE_TIMEOUT_MS, type FailoverDecl } from '../../../src/failover/kit.js';
import { POSTGRES_SECRETS, POSTGRES_USERS } from './config.js';
import { PgInsertClient } from './failover-client.js';
import { patroniClusterReadiness, patroniRoleClaims, POSTGRES_PRIMARY } from './failover-probes.js';
import { PATRONI } from './steps.js';

/**
 * PostgreSQL under faults: inserts through the PostgreSQL VIP and through HAProxy's primary
 * port on the HAProxy VIP; the role is the member whose Patroni says it runs as primary.
 * Timing: config.ts (PATRONI_TIMING).
 */
export const postgresFailover: FailoverDecl = {
  service: 'postgresql',
  scenarios: [
    // Clean stop: the leader deletes its key and the sync standby promotes at once.
    { fault: 'stop', unit: PATRONI, targetMs: 5_000, specTargetMs: 30_000 },
    // Kill or power-off: the leader key must expire (ttl 20), then promotion and HAProxy's check.
    { fault: 'kill', unit: PATRONI, targetMs: 25_000, specTargetMs: 30_000 },
    { fault: 'host-down', unit: PATRONI, targetMs: 25_000, specTargetMs: 30_000 },
  ],
  async kit({ topology, ca, clock, secret }) {
    const inventory = topology.inventory;
    const members = topology.members('patroni');
    const pgPort = portOf(topology.members('postgresql')[0]!, 'postgresql');
    const haproxy = topology.members('haproxy')[0];
    const base = { user: POSTGRES_USERS.superuser, password: await secret(POSTGRES_SECRETS.superuser), database: 'postgres', ca, connectTimeoutMs: CONNECT_TIMEOUT_MS };
    const restUrl = (host: string) => `https://${topology.appAddress(host)}:${portOf(topology.on('patroni', host), 'rest')}`;
    return {
      service: 'postgresql',
      claim: POSTGRES_PRIMARY,
      holderName: 'the PostgreSQL primary',
      changeName: 'new primary',
      hosts: members.map((member) => member.host),
      probe: (host) => patroniRoleClaims(restUrl(host), { ca }, PROBE_TIMEOUT_MS),
      ready: () => patroniClusterReadiness(members.map((member) => restUrl(member.host)), { ca }, CONNECT_TIMEOUT_MS),
      clients: (run) => [
        new PgInsertClient(`insert via PostgreSQL VIP ${inventory.vips.postgresql}:${pgPort}`, { ...base, host: inventory.vips.postgresql, port: pgPort }, `${run}-vip`, clock),
        ...(haproxy
          ? [new PgInsertClient(`insert via HAProxy ${inventory.vips.haproxy}:${portOf(haproxy, 'postgresql-primary')}`, { ...base, host: inventory.vips.haproxy, port: portOf(haproxy, 'postgresql-primary') }, `${run}-haproxy`, clock)]
          : []),
      ],
    };
  },
};
