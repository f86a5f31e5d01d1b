import { posix } from 'node:path';
import type { GateContext, GateResult, Step } from '../../../src/engine/phase.js';
import { file, programLayout, programService } from '../../../src/engine/resources/index.js';
import { release } from '../../../src/engine/resources/release.js';
import type { ProbeReport } from '../../../src/health/types.js';
import { KAFKA_CLUSTER_ID, KAFKA_JMX, kafkaServerContext, newKafkaClusterId } from './config.js';
import { KAFKA_HEALTH, underReplicated } from './health.js';
import { JMX_EXPORTER } from './jmx.js';
import { hostPem, kafkaJvm, kafkaJvmFiles } from './jvm.js';
import { formattedStorage } from './storage.js';

/** Runs the status probe on one Kafka node over the run's connection. */
export async function probeKafka(ctx: GateContext, host: string): Promise<ProbeReport> {
  const target = { inventory: ctx.inventory, host: ctx.host(host), placed: ctx.topology.on('kafka', host) };
  const output = await ctx.exec(host, KAFKA_HEALTH.check!.command(target), { sudo: true, timeoutMs: 15_000 });
  return KAFKA_HEALTH.check!.parse({ code: output.code, stdout: output.stdout }, target);
}

/**
 * A restarted broker is ready when it serves again (its probe: RUNNING, the quorum's leader
 * known) and no partition anywhere is under-replicated: it has caught up, so stopping the next
 * broker cannot leave a partition with fewer than min.insync.replicas copies.
 */
async function brokerCaughtUp(host: string, ctx: GateContext): Promise<GateResult> {
  const members = ctx.topology.members('kafka').map((member) => member.host).filter((name) => ctx.hosts.includes(name));
  const reports = await Promise.all(members.map(async (name) => ({ name, report: await probeKafka(ctx, name) })));
  const self = reports.find((entry) => entry.name === host)!.report;
  const urp = reports.reduce((sum, entry) => sum + (underReplicated(entry.report) ?? 0), 0);
  const ok = self.health === 'ok' && urp === 0;
  const evidence = [`kafka on ${host}: ${self.health}${self.problems.length ? ` (${self.problems.join('; ')})` : ''}; under-replicated partitions cluster-wide: ${urp}`];
  return { ok, evidence };
}

/**
 * One Kafka node (broker and KRaft controller): the release and the JMX exporter from the
 * bundle, server.properties, log4j and exporter files, the storage formatted once with the
 * cluster's id, and the unit. On a new cluster the nodes start together (a quorum needs two);
 * on a running one a change restarts one node at a time, each caught up before the next.
 */
export const kafkaNode: Step = {
  name: 'Kafka node',
  hosts: (host, ctx) => ctx.topology.runs('kafka', host.name),
  rollout: { mode: 'rolling', ready: brokerCaughtUp, waitMs: 180_000 },
  resources: async (host, ctx) => {
    const placed = ctx.topology.on('kafka', host.name);
    const layout = programLayout(placed, { platform: { osFamily: (await ctx.facts(host.name)).osFamily } });
    const kafka = ctx.release('kafka', placed.version);
    const exporter = ctx.release(JMX_EXPORTER.component, JMX_EXPORTER.version);
    const clusterId = await ctx.cluster.clusterId(KAFKA_CLUSTER_ID, () => newKafkaClusterId());
    const configPath = posix.join(layout.configDir, 'server.properties');
    const serverProperties = file({
      path: configPath,
      content: ctx.template('kafka/server.properties.hbs', kafkaServerContext(ctx.topology, placed, layout.dataDir, await hostPem(ctx, host.name))),
      owner: 'root',
      group: layout.group,
      mode: '0640',
      // It holds the node's private key.
      secret: true,
    });
    const service = programService(ctx, {
      layout,
      ...kafkaJvm(layout, ctx.topology, exporter, 'kafka.Kafka', 'server.properties'),
      config: [serverProperties, ...kafkaJvmFiles(ctx, layout, KAFKA_JMX, 'server')],
    });
    // Formatted after its config is written and before the broker first starts.
    return [...release(kafka), ...release(exporter), ...service.slice(0, -1), formattedStorage(layout, clusterId, configPath), service.at(-1)!];
  },
};
