import { posix } from 'node:path';
import { failedReport, type HealthCheck, type HealthProbe, type ProbeReport, type ProbeTarget } from '../../../src/health/types.js';
import { KAFKA_CONFIG_DIR } from './config.js';
import { gauges, scrapeCommand } from './metrics.js';

/** Ends the node's own settings in the probe's output, before the metrics. */
const SETTINGS_END = '--datalyptica-metrics--';

const METRICS = [
  'kafka_raft_current_leader',
  'kafka_raft_current_epoch',
  'kafka_raft_number_unknown_voter_connections',
  'kafka_server_broker_state',
  'kafka_server_underreplicatedpartitions',
  'kafka_controller_activebrokercount',
  'kafka_controller_fencedbrokercount',
  'kafka_controller_offlinepartitionscount',
  'process_resident_memory_bytes',
] as const;

/** BrokerState 3 is RUNNING: registered with the controller, unfenced and serving. */
const BROKER_RUNNING = 3;

function metricsUrl(target: ProbeTarget): string {
  const port = target.placed.ports.find((p) => p.name === 'metrics')?.port ?? 9404;
  return `http://${target.host.addresses.application}:${port}/metrics`;
}

/**
 * The node's id and the voters from its own server.properties, then the JMX exporter's gauges
 * over HTTP: who the node thinks the active controller is, its broker state and its
 * under-replicated partitions, and the controller's view of brokers and offline partitions.
 * One curl, no JVM started: it answers in milliseconds.
 */
const kafkaCheck: HealthCheck = {
  command(target) {
    const config = posix.join(KAFKA_CONFIG_DIR, 'server.properties');
    return `grep -E '^(node\\.id|controller\\.quorum\\.voters)=' ${config}; echo ${SETTINGS_END}; ${scrapeCommand(metricsUrl(target), METRICS, 0.9)}`;
  },
  parse(output) {
    const [settingsText = '', metricsText = ''] = output.stdout.split(SETTINGS_END);
    const metrics = gauges(metricsText);
    // The agent serves JVM metrics from the JVM's first second, Kafka's only once the node has started.
    if (metrics.size > 0 && !metrics.has('kafka_raft_current_leader')) return { health: 'down', facts: [], problems: ['starting: the JVM runs, Kafka has not joined the quorum yet'] };
    if (!metrics.has('kafka_raft_current_leader')) return failedReport('Kafka JMX exporter', { code: output.code === 0 ? 1 : output.code, stdout: metricsText || settingsText });
    const settings = Object.fromEntries(settingsText.split('\n').flatMap((line) => (line.includes('=') ? [[line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim()]] : [])));
    return kafkaReport(Number(settings['node.id']), (settings['controller.quorum.voters'] ?? '').split(',').filter(Boolean).length, metrics);
  },
};

/** Under-replicated partitions this broker leads: summed over the brokers, the cluster's count. */
export function underReplicated(report: ProbeReport): number | undefined {
  const fact = report.facts.find((line) => line.startsWith('under-replicated '));
  return fact === undefined ? undefined : Number(fact.slice('under-replicated '.length));
}

export function kafkaReport(nodeId: number, voters: number, metrics: ReadonlyMap<string, number>): ProbeReport {
  const value = (name: (typeof METRICS)[number]) => metrics.get(name);
  const leader = value('kafka_raft_current_leader') ?? -1;
  const facts = [`${voters} voters`];
  const problems: string[] = [];
  if (leader < 0) return { health: 'down', facts, problems: ['no active controller: the quorum has no leader'] };
  facts.push(`active controller node ${leader}`, `epoch ${value('kafka_raft_current_epoch') ?? '?'}`);
  const active = value('kafka_controller_activebrokercount');
  const fenced = value('kafka_controller_fencedbrokercount') ?? 0;
  if (active !== undefined) facts.push(`brokers registered ${active}${fenced > 0 ? ` (+${fenced} fenced)` : ''}`);
  const urp = value('kafka_server_underreplicatedpartitions') ?? 0;
  facts.push(`under-replicated ${urp}`);
  const offline = value('kafka_controller_offlinepartitionscount');
  if (offline !== undefined) facts.push(`offline ${offline}`);
  const rss = value('process_resident_memory_bytes');
  if (rss !== undefined) facts.push(`RSS ${Math.round(rss / 1_048_576)} MiB`);

  const state = value('kafka_server_broker_state');
  if (state !== BROKER_RUNNING) problems.push(`broker state ${state ?? 'unknown'}, not RUNNING (3): not serving clients yet`);
  if (urp > 0) problems.push(`${urp} partitions it leads are under-replicated`);
  if ((offline ?? 0) > 0) problems.push(`${offline} partitions offline (no leader)`);
  if (fenced > 0) problems.push(`${fenced} broker${fenced === 1 ? '' : 's'} fenced`);
  const unreachable = value('kafka_raft_number_unknown_voter_connections') ?? 0;
  if (unreachable > 0) problems.push(`${unreachable} voter connection${unreachable === 1 ? '' : 's'} not established`);
  return { health: problems.length > 0 ? 'degraded' : 'ok', role: leader === nodeId ? 'leader' : 'follower', facts, problems };
}

export const KAFKA_HEALTH: HealthProbe = { electsLeader: true, check: kafkaCheck };
