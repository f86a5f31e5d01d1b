import { posix } from 'node:path';
import type { GateContext } from '../../../src/engine/phase.js';
import { quote } from '../../../src/engine/shell.js';
import { ensureTopic, produceAndReadBack } from '../kafka/client.js';
import { gateClientTarget } from '../kafka/gate.js';
import type { ModuleCheck } from '../../shared/module.js';
import { pollUntil, seconds } from '../../shared/poll.js';
import { connectRestUrl } from './config.js';
import { connectRest } from './rest.js';

const SINK_CLASS = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
const GATE_TOPIC = '_datalyptica_connect_gate';
const GATE_CONNECTOR = 'datalyptica-gate-file-sink';
/** A new worker joins its group and a new connector starts its task within seconds; 90 s bounds both. */
const CONNECT_WAIT_MS = 90_000;

/** The worker's data directory (programLayout's): the sink writes its file there, as the worker's user. */
const sinkFile = (ctx: GateContext, host: string) => posix.join(ctx.topology.on('kafka-connect', host).service.dataDir ?? '/data/kafka-connect', 'gate-file-sink.txt');

/**
 * Beyond the probe: through the worker's address (HTTPS, the gate's client certificate), the REST API lists the connect-file plugin,
 * and a FileStreamSink connector copies a record produced to a test topic into a file on the
 * worker; then the connector and its file are removed.
 */
export const connectCopiesToFile: ModuleCheck = {
  name: 'Kafka Connect plugins, FileStreamSink',
  async check(ctx) {
    const host = ctx.topology.members('kafka-connect').map((member) => member.host).find((name) => ctx.hosts.includes(name));
    if (!host) return { ok: true, evidence: [] };
    const base = connectRestUrl(ctx.topology, host);
    const evidence: string[] = [];
    // The gate's client certificate: the brokers and the worker's REST API both require one.
    const target = await gateClientTarget(ctx);
    const plugins = await connectRest(`${base}/connector-plugins`, target.tls, 'GET', 5_000).catch((error: Error) => ({ status: 0, body: error.message }));
    const listed = plugins.status === 200 && plugins.body.includes(SINK_CLASS);
    evidence.push(listed ? `Connect REST ${base}: plugins listed, FileStreamSink among them` : `Connect REST ${base}/connector-plugins: ${plugins.status} ${plugins.body.slice(0, 160)}`);
    if (!listed) return { ok: false, evidence };

    const file = sinkFile(ctx, host);
    const token = `connect-${ctx.clock.now()}`;
    const connector = `${base}/connectors/${GATE_CONNECTOR}`;
    const config = {
      'connector.class': SINK_CLASS,
      'tasks.max': '1',
      topics: GATE_TOPIC,
      file,
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    };
    try {
      await ensureTopic(target, GATE_TOPIC);
      // A worker still joining its group answers 409 (rebalance in progress) or times out: retried.
      const created = await pollUntil(ctx.clock, CONNECT_WAIT_MS, 2_000, async () => {
        const answer = await connectRest(`${connector}/config`, target.tls, 'PUT', 10_000, config).catch((error: Error) => ({ status: 0, body: error.message }));
        return { done: answer.status === 200 || answer.status === 201, value: answer };
      });
      if (!created.done) {
        evidence.push(`PUT ${connector}/config: ${created.value.status} ${created.value.body.slice(0, 160)}`);
        return { ok: false, evidence };
      }
      await produceAndReadBack(target, GATE_TOPIC, token, 10_000);
      const copied = await pollUntil(ctx.clock, CONNECT_WAIT_MS, 1_000, async () => {
        const found = await ctx.exec(host, `grep -qxF ${quote(token)} ${quote(file)}`, { sudo: true, timeoutMs: 10_000 });
        return { done: found.code === 0, value: found.code };
      });
      evidence.push(copied.done ? `FileStreamSink copied ${GATE_TOPIC} to ${host}:${file} (after ${seconds(copied.waitedMs)})` : `FileStreamSink did not copy the record to ${host}:${file} within ${seconds(copied.waitedMs)}`);
      return { ok: copied.done, evidence };
    } catch (error) {
      evidence.push(`FileStreamSink check failed: ${(error as Error).message}`);
      return { ok: false, evidence };
    } finally {
      const deleted = await connectRest(connector, target.tls, 'DELETE', 10_000).catch((error: Error) => ({ status: 0, body: error.message }));
      if (deleted.status !== 204 && deleted.status !== 404) evidence.push(`DELETE ${connector}: ${deleted.status} ${deleted.body.slice(0, 120)}`);
      await ctx.exec(host, `rm -f ${quote(file)}`, { sudo: true, timeoutMs: 10_000 });
    }
  },
};
