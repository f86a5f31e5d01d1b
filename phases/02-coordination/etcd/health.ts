import { ETCD_PATHS } from './config.js';
import { failedReport, type HealthCheck, type HealthProbe, type ProbeTarget } from '../../../src/health/types.js';

/** The member's own client URL: the application address, where its certificate's SANs match. */
function endpoint(target: ProbeTarget): string {
  const port = target.placed.ports.find((p) => p.name === 'client')?.port ?? 2379;
  return `https://${target.host.addresses.application}:${port}`;
}

/**
 * `etcdctl endpoint status` against the member itself, with the member's host certificate
 * (issued for serverAuth and clientAuth). A member that answers and knows a leader is healthy.
 */
const etcdCheck: HealthCheck = {
  command(target) {
    const tls = ETCD_PATHS.tlsDir;
    return [
      'ETCDCTL_API=3 etcdctl',
      `--endpoints=${endpoint(target)}`,
      `--cacert=${tls}/ca.crt --cert=${tls}/server.crt --key=${tls}/server.key`,
      '--dial-timeout=800ms --command-timeout=900ms',
      'endpoint status -w json',
    ].join(' ');
  },
  parse(output) {
    if (output.code !== 0) return failedReport('etcdctl endpoint status', output);
    const status = parseEndpointStatus(output.stdout);
    if (!status) return { health: 'down', facts: [], problems: [`etcdctl endpoint status: unreadable answer: ${output.stdout.trim().slice(0, 120)}`] };
    const facts = [`term ${status.raftTerm}`, `version ${status.version}`];
    if (status.leader === '0') return { health: 'down', facts, problems: ['no leader: the member lost quorum'] };
    const role = status.leader === status.memberId ? 'leader' : 'follower';
    if (status.errors.length > 0) return { health: 'degraded', role, facts, problems: status.errors };
    return { health: 'ok', role, facts, problems: [] };
  },
};

interface EndpointStatus {
  memberId: string;
  leader: string;
  raftTerm: number;
  version: string;
  errors: string[];
}

/**
 * Reads `endpoint status -w json` (etcd 3.4 and 3.5). Member ids are 64-bit integers that
 * JSON.parse would round, so they are quoted before parsing and compared as strings.
 */
export function parseEndpointStatus(text: string): EndpointStatus | undefined {
  try {
    const quoted = text.replace(/"(cluster_id|member_id|leader)":(\d+)/g, '"$1":"$2"');
    const parsed = JSON.parse(quoted) as Array<{ Status?: RawStatus }>;
    const status = parsed[0]?.Status;
    if (!status?.header?.member_id || status.leader === undefined) return undefined;
    return {
      memberId: status.header.member_id,
      leader: status.leader,
      raftTerm: status.raftTerm ?? status.header.raft_term ?? 0,
      version: status.version ?? '?',
      errors: status.errors ?? [],
    };
  } catch {
    return undefined;
  }
}

interface RawStatus {
  header?: { member_id?: string; raft_term?: number };
  leader?: string;
  raftTerm?: number;
  version?: string;
  errors?: string[];
}

export const ETCD_HEALTH: HealthProbe = { electsLeader: true, check: etcdCheck };
