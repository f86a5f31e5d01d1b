import { portOf, type Topology } from '../../../src/config/topology.js';
import { HAPROXY_PATHS, haproxyBinds, type HaproxyListener } from '../../02-coordination/haproxy/config.js';

/**
 * HAProxy's Patroni checks: every 1 s while stable; after a first failure (fastinter) every
 * 250 ms, so two failures (fall 2) mark a dead primary down in ~1.25 s; a down server is polled
 * every 500 ms (downinter) and one success (rise 1) brings the new primary in: Patroni's
 * /primary only answers 200 on the member that holds the leader key, so there is no flapping
 * for rise 2 to filter. HAProxy's `timeout check` stays under the interval.
 */
export const HAPROXY_CHECK_TIMING = { interMs: 1000, fastInterMs: 250, downInterMs: 500, fall: 2, rise: 1 } as const;

/**
 * PostgreSQL read-write on the member whose Patroni answers /primary with 200 and read-only on
 * those answering /replica. The checks speak TLS to Patroni's REST port and verify its
 * certificate against the cluster CA and the member's host name.
 */
export function postgresFrontends(topology: Topology, haproxyHost: string): HaproxyListener[] {
  const members = topology.members('postgresql');
  if (members.length === 0) return [];
  const self = topology.on('haproxy', haproxyHost);
  const t = HAPROXY_CHECK_TIMING;
  const listener = (name: string, checkPath: string, balance: string): HaproxyListener => ({
    name,
    mode: 'tcp',
    binds: haproxyBinds(topology, haproxyHost, portOf(self, name)),
    lines: [
      `balance ${balance}`,
      // PostgreSQL sessions idle for long: keepalives stop middleboxes from dropping them.
      'option tcpka',
      `option httpchk GET ${checkPath}`,
      'http-check expect status 200',
      // A server marked down loses its sessions at once, so no client keeps writing to a demoted primary.
      `default-server inter ${t.interMs}ms fastinter ${t.fastInterMs}ms downinter ${t.downInterMs}ms fall ${t.fall} rise ${t.rise} on-marked-down shutdown-sessions`,
    ],
    servers: members.map((member) => ({
      name: member.host,
      address: topology.appAddress(member.host),
      port: portOf(member, 'postgresql'),
      options: `check port ${portOf(topology.on('patroni', member.host), 'rest')} check-ssl verify required ca-file ${HAPROXY_PATHS.caFile} verifyhost ${member.host}`,
    })),
  });
  return [listener('postgresql-primary', '/primary', 'first'), listener('postgresql-replicas', '/replica', 'leastconn')];
}
