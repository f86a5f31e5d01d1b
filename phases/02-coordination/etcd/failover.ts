import { portOf } from '../../../src/config/topology.js';
import { PROBE_TIMEOUT_MS, type FailoverDecl } from '../../../src/failover/kit.js';
import { ETCD_LEADER, EtcdPutClient, etcdLeaderClaims } from './failover-client.js';
import { ETCD_UNIT } from './member.js';

/** An etcd put still unanswered after this is unknown (etcd's own request timeout is 7 s with our settings). */
const ETCD_PUT_TIMEOUT_MS = 10_000;

/**
 * etcd under faults: puts round-robin over every member; the role is the Raft leader.
 * Followers elect after 1-2 election timeouts (1 s, config.ts) without a heartbeat.
 */
export const etcdFailover: FailoverDecl = {
  service: 'etcd',
  scenarios: [
    { fault: 'kill', unit: ETCD_UNIT, targetMs: 3_000, specTargetMs: 5_000 },
    { fault: 'stop', unit: ETCD_UNIT, targetMs: 3_000, specTargetMs: 5_000 },
    { fault: 'host-down', unit: ETCD_UNIT, targetMs: 3_000, specTargetMs: 5_000 },
  ],
  async kit({ topology, ca, clientCertificate }) {
    const members = topology.members('etcd');
    const endpointOf = (host: string) => `https://${topology.appAddress(host)}:${portOf(topology.on('etcd', host), 'client')}`;
    const tls = { ca, ...(await clientCertificate()) };
    return {
      service: 'etcd',
      claim: ETCD_LEADER,
      holderName: 'the etcd leader',
      changeName: 'new Raft leader',
      hosts: members.map((member) => member.host),
      probe: (host) => etcdLeaderClaims(endpointOf(host), tls, PROBE_TIMEOUT_MS),
      clients: (run) => [
        new EtcdPutClient('put round-robin to every etcd member', { endpoints: members.map((member) => endpointOf(member.host)), tls, timeoutMs: ETCD_PUT_TIMEOUT_MS }, `/datalyptica/failover-test/${run}/`),
      ],
    };
  },
};
