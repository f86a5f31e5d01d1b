import { programLayout } from '../../../src/engine/resources/index.js';
import { failedReport, type HealthCheck, type HealthProbe, type ProbeReport, type ProbeTarget } from '../../../src/health/types.js';
import type { Inventory } from '../../../src/inventory/model.js';
import { registryPaths } from './config.js';

/** Between curl's answer and the election log's last line in the probe's output. */
const SEPARATOR = '--datalyptica-next--';

/** The two lines the leader elector logs (KafkaGroupLeaderElector, 7.8): a rebalance begins, a rebalance ended with this result. */
const REBALANCE_STARTED = 'Rebalance started';
const ELECTION_RESULT = 'Finished rebalance with leader election result: ';
const ASSIGNMENT = /Assignment\{version=\d+, error=(\d+), leader='[^']*', leaderIdentity=(.*)\}\s*$/;
const IDENTITY = /(?:^|,)host=([^,]+),port=(\d+)/;

/** Error 1 of the registry's assignment: two members advertised the same URL. */
const DUPLICATE_URLS = 1;

/**
 * The paths a node's files have: they follow from the placement alone. The platform only picks
 * the Java runtime, which the probe does not use.
 */
function probePaths(target: ProbeTarget) {
  return registryPaths(programLayout(target.placed, { platform: { osFamily: 'debian' } }));
}

function restPort(target: ProbeTarget): number {
  return target.placed.ports.find((p) => p.name === 'http')?.port ?? 8085;
}

function restUrl(target: ProbeTarget, path: string): string {
  return `https://${target.host.addresses.application}:${restPort(target)}${path}`;
}

/**
 * The REST API's own answer (GET /v1/metadata/id: the Kafka cluster it stores in, served only
 * once the store is read and the node joined the election), then the last line the leader
 * elector wrote: the 7.8 API says nothing about who leads, the election's result does.
 */
const registryCheck: HealthCheck = {
  command(target) {
    const paths = probePaths(target);
    return [
      `curl -sS --max-time 0.9 --cacert ${paths.caFile} ${restUrl(target, '/v1/metadata/id')} 2>&1`,
      `echo; echo "${SEPARATOR} $?"`,
      `grep -E '${REBALANCE_STARTED}|${ELECTION_RESULT.trim()}' ${paths.electionLog} 2>/dev/null | tail -n 1`,
    ].join('; ');
  },
  parse(output, target) {
    const [answer = '', rest = ''] = output.stdout.split(SEPARATOR);
    const [codeText = '', ...lines] = rest.trim().split('\n');
    const curlCode = Number.parseInt(codeText, 10);
    const clusters = curlCode === 0 ? metadataClusters(answer) : undefined;
    if (!clusters) return failedReport('Schema Registry REST API', { code: output.code === 0 ? curlCode || 1 : output.code, stdout: answer });
    const self = { address: target.host.addresses.application, port: restPort(target) };
    return electionReport(lines.join('\n').trim(), self, target.inventory, [`REST ok, Kafka cluster ${clusters['kafka-cluster'] ?? '?'}`]);
  },
};

/** `scope.clusters` of GET /v1/metadata/id, or undefined when the answer is not the registry's. */
export function metadataClusters(text: string): Record<string, string> | undefined {
  try {
    const value = JSON.parse(text) as { scope?: { clusters?: Record<string, string> } };
    const clusters = value?.scope?.clusters;
    return clusters && typeof clusters === 'object' ? clusters : undefined;
  } catch {
    return undefined;
  }
}

/** The host whose application address is `address`, else the address itself. */
function hostNamed(inventory: Inventory, address: string): string {
  return inventory.hosts.find((host) => host.addresses.application === address)?.name ?? address;
}

/** Who leads, from the elector's last line: this node (leader), another (follower), nobody or a rebalance under way (degraded). */
export function electionReport(line: string, self: { address: string; port: number }, inventory: Inventory, facts: string[]): ProbeReport {
  const degraded = (problem: string): ProbeReport => ({ health: 'degraded', facts, problems: [problem] });
  if (line === '') return degraded('no leader election result logged yet');
  if (line.includes(REBALANCE_STARTED)) return degraded('leader election under way');
  const assignment = ASSIGNMENT.exec(line.slice(line.indexOf(ELECTION_RESULT)));
  if (!line.includes(ELECTION_RESULT) || !assignment) return degraded(`unreadable election result: ${line.slice(0, 160)}`);
  const error = Number(assignment[1]);
  if (error !== 0) return degraded(error === DUPLICATE_URLS ? 'election failed: two registries advertise the same URL' : `election failed with error ${error}`);
  const identity = IDENTITY.exec(assignment[2]!);
  if (!identity) return degraded('no leader-eligible registry in the group: writes are refused');
  const [, address = '', port = ''] = identity;
  const leads = address === self.address && Number(port) === self.port;
  return { health: 'ok', role: leads ? 'leader' : 'follower', facts: [...facts, `leader ${hostNamed(inventory, address)}`], problems: [] };
}

export const SCHEMA_REGISTRY_HEALTH: HealthProbe = { electsLeader: true, check: registryCheck };
