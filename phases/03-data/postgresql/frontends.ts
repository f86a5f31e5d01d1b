import { portOf, type Topology } from '../../../src/config/topology.js';
import { HAPROXY_PATHS, failoverCheckDefaults, haproxyBinds, type HaproxyListener } from '../../02-coordination/haproxy/config.js';

/**
 * PostgreSQL read-write on the member whose Patroni answers /primary with 200 and read-only on
 * those answering /replica. The checks speak TLS to Patroni's REST port and verify its
 * certificate against the cluster CA and the member's host name.
 */
export function postgresFrontends(topology: Topology, haproxyHost: string): HaproxyListener[] {
  const members = topology.members('postgresql');
  if (members.length === 0) return [];
  const self = topology.on('haproxy', haproxyHost);
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
      // Patroni's /primary answers 200 only on the leader-key holder, so rise 1 cannot flap; a
      // demoted primary loses its sessions at once, so no client keeps writing to it.
      failoverCheckDefaults(),
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
