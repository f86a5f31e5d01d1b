import { portOf, type Topology } from '../../../src/config/topology.js';
import { HAPROXY_PATHS, failoverCheckDefaults, haproxyBinds, type HaproxyListener } from '../../02-coordination/haproxy/config.js';
import { HAPROXY_PORT_NAME, SCHEMA_REGISTRY } from './config.js';

/**
 * The registry behind HAProxy: TCP passthrough, so clients verify the registry's own
 * certificate (it carries the HAProxy VIP and lb.<domain>); HTTPS checks of /subjects, which
 * a node answers only once its store is read, verified against the cluster CA and the node's
 * name. `balance first`: every request goes to the first node that is up, so a client reads
 * its own writes (a follower's copy of the store trails the leader's by a moment); the second
 * takes over when the first is marked down.
 */
export function schemaRegistryFrontends(topology: Topology, haproxyHost: string): HaproxyListener[] {
  const members = topology.members(SCHEMA_REGISTRY);
  if (members.length === 0) return [];
  return [
    {
      name: SCHEMA_REGISTRY,
      mode: 'tcp',
      binds: haproxyBinds(topology, haproxyHost, portOf(topology.on('haproxy', haproxyHost), HAPROXY_PORT_NAME)),
      lines: [
        'balance first',
        'option httpchk GET /subjects',
        'http-check expect status 200',
        failoverCheckDefaults(),
      ],
      servers: members.map((member) => ({
        name: member.host,
        address: topology.appAddress(member.host),
        port: portOf(member, 'http'),
        options: `check check-ssl verify required ca-file ${HAPROXY_PATHS.caFile} verifyhost ${member.host}`,
      })),
    },
  ];
}
