import { programLayout } from '../../../src/engine/resources/index.js';
import { failedReport, type HealthCheck, type HealthProbe, type ProbeTarget } from '../../../src/health/types.js';
import { connectTlsPaths } from './config.js';

/** Between the two answers of one curl run (`-w` prints it after each transfer). */
const SEPARATOR = '--datalyptica-next--';

function restUrl(target: ProbeTarget, path: string): string {
  const port = target.placed.ports.find((p) => p.name === 'rest')?.port ?? 8083;
  return `https://${target.host.addresses.application}:${port}${path}`;
}

/**
 * The worker's REST API on its application address, over HTTPS with the host certificate as the
 * client certificate it requires: `/` (version and the Kafka cluster it belongs to) and
 * `/connectors?expand=status` (what it runs, and whether anything failed). The paths follow
 * from the placement alone (the platform only picks the Java runtime).
 */
const connectCheck: HealthCheck = {
  command(target) {
    const tls = connectTlsPaths(programLayout(target.placed, { platform: { osFamily: 'debian' } }).configDir);
    return `curl -sS --max-time 0.9 --cacert ${tls.ca} --cert ${tls.pem} -w '\\n${SEPARATOR}\\n' ${restUrl(target, '/')} '${restUrl(target, '/connectors?expand=status')}'`;
  },
  parse(output) {
    const [rootText = '', connectorsText = ''] = output.stdout.split(SEPARATOR).map((part) => part.trim());
    const root = parseJson<{ version?: string; kafka_cluster_id?: string }>(rootText);
    if (!root?.version) return failedReport('Kafka Connect REST API', { code: output.code === 0 ? 1 : output.code, stdout: rootText });
    const facts = [`version ${root.version}`, `Kafka cluster ${root.kafka_cluster_id ?? '?'}`];
    const connectors = parseJson<Record<string, { status?: { connector?: { state?: string }; tasks?: Array<{ state?: string }> } }>>(connectorsText);
    if (!connectors) return { health: 'degraded', facts, problems: [`GET /connectors: ${connectorsText.slice(0, 120) || 'no answer'} (the worker may still be joining its group)`] };
    const failed = Object.entries(connectors).filter(([, entry]) => [entry.status?.connector?.state, ...(entry.status?.tasks ?? []).map((task) => task.state)].includes('FAILED'));
    facts.push(`${Object.keys(connectors).length} connectors`);
    return { health: failed.length > 0 ? 'degraded' : 'ok', facts, problems: failed.map(([name]) => `connector ${name} has FAILED`) };
  },
};

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export const CONNECT_HEALTH: HealthProbe = { check: connectCheck };
