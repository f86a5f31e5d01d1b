import { readFile } from 'node:fs/promises';
import type { GateContext } from '../../../src/engine/phase.js';
import { clientCertRequest } from '../../../src/pki/index.js';
import type { ModuleCheck } from '../../shared/module.js';
import { pollUntil, seconds } from '../../shared/poll.js';
import { ensureTopic, produceAndReadBack, type KafkaClientTarget } from './client.js';
import { kafkaBootstrap } from './config.js';
import { probeKafka } from './steps.js';

/** The topic the gates write to: one partition, the cluster's default replication. */
export const HEALTH_TOPIC = '_datalyptica_health';

/** How long a new cluster may take to accept an idempotent produce. */
const ROUND_TRIP_WAIT_MS = 60_000;

/** The gate's client: the control machine, with its own certificate from the cluster CA (the brokers require one). */
export async function gateClientTarget(ctx: GateContext): Promise<KafkaClientTarget> {
  const issued = await ctx.cluster.pki.ensureCert(clientCertRequest('datalyptica-gate'));
  const ca = await ctx.cluster.pki.ensureCa();
  return { bootstrap: kafkaBootstrap(ctx.topology), tls: { ca: ca.certPem, cert: issued.certPem, key: await readFile(issued.keyPath, 'utf8') }, timeoutMs: 10_000 };
}

/**
 * Beyond every node's probe: the metadata quorum has every node as a voter and all of them name
 * the same active controller, and a record produced with acks=all is read back from its offset.
 */
export const kafkaQuorumAndRoundTrip: ModuleCheck = {
  name: 'Kafka quorum, produce/consume',
  async check(ctx) {
    const members = ctx.topology.members('kafka').map((member) => member.host).filter((name) => ctx.hosts.includes(name));
    if (members.length === 0) return { ok: true, evidence: [] };
    const evidence: string[] = [];
    const reports = await Promise.all(members.map((host) => probeKafka(ctx, host)));
    const voters = new Set(reports.map((report) => report.facts.find((fact) => fact.endsWith(' voters'))));
    const controllers = new Set(reports.map((report) => report.facts.find((fact) => fact.startsWith('active controller '))));
    const expected = `${ctx.topology.members('kafka').length} voters`;
    const quorumOk = voters.size === 1 && voters.has(expected) && controllers.size === 1 && !controllers.has(undefined);
    evidence.push(quorumOk ? `KRaft quorum: ${expected}, ${[...controllers][0]} on every node` : `KRaft quorum not agreed: ${[...voters].join(' / ')}; ${[...controllers].join(' / ')}`);
    if (!quorumOk) return { ok: false, evidence };

    const token = `install-${ctx.clock.now()}`;
    const target = await gateClientTarget(ctx);
    // A cluster formed seconds ago may not hand out producer ids yet: retried within the bound.
    const attempt = await pollUntil(ctx.clock, ROUND_TRIP_WAIT_MS, 2_000, async () => {
      try {
        await ensureTopic(target, HEALTH_TOPIC);
        const trip = await produceAndReadBack(target, HEALTH_TOPIC, token, 10_000);
        return { done: trip.readBack === token, value: trip.readBack === token ? `produced with acks=all to ${HEALTH_TOPIC}-${trip.partition} at offset ${trip.offset}, read back` : `produced to ${HEALTH_TOPIC}-${trip.partition} at offset ${trip.offset}, read back ${trip.readBack === undefined ? 'nothing' : `"${trip.readBack}"`}` };
      } catch (error) {
        return { done: false, value: `produce/consume through ${target.bootstrap.join(',')} failed: ${(error as Error).message}` };
      }
    });
    evidence.push(`${attempt.value} (after ${seconds(attempt.waitedMs)})`);
    return { ok: attempt.done, evidence };
  },
};
