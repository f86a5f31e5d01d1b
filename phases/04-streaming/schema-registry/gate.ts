import { portOf } from '../../../src/config/topology.js';
import type { GateContext } from '../../../src/engine/phase.js';
import { quote } from '../../../src/engine/shell.js';
import type { ModuleCheck } from '../../shared/module.js';
import { pollUntil, seconds } from '../../shared/poll.js';
import { HAPROXY_PORT_NAME, registryPaths, SCHEMA_REGISTRY } from './config.js';
import { registryLayout } from './steps.js';

/** The gate's subject; deleted again once read back, so installs leave no versions behind. */
export const HEALTH_SUBJECT = 'datalyptica-health-value';
/** The other node reads `_schemas` as the leader writes it: within a second or two. */
const FOLLOW_WAIT_MS = 15_000;
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** An Avro record whose doc carries the token: a new schema (and id) per gate run. */
export function healthSchema(token: string): string {
  return JSON.stringify({ schema: JSON.stringify({ type: 'record', name: 'DatalypticaHealth', namespace: 'datalyptica', doc: token, fields: [{ name: 'at', type: 'long' }] }) });
}

/** The id of POST /subjects/<s>/versions's answer, or undefined (an error body: `{"error_code": ..., "message": ...}`). */
export function registeredId(body: string): number | undefined {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'number' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Whether GET /schemas/ids/<id>'s answer is the schema carrying the token. */
export function schemaCarries(body: string, token: string): boolean {
  try {
    const schema = (JSON.parse(body) as { schema?: unknown }).schema;
    return typeof schema === 'string' && (JSON.parse(schema) as { doc?: unknown }).doc === token;
  } catch {
    return false;
  }
}

interface Call {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  body?: string;
}

/** curl on a registry host, verifying the registry against the cluster CA; the body arrives on stdin. */
function curl(ctx: GateContext, from: string, caFile: string, call: Call): Promise<{ ok: boolean; out: string }> {
  const data = call.body !== undefined ? ` -H ${quote(`Content-Type: ${CONTENT_TYPE}`)} --data-binary @-` : '';
  const command = `curl -sS --max-time 5 --cacert ${caFile} -X ${call.method}${data} ${quote(call.url)}`;
  return ctx.exec(from, command, { timeoutMs: 15_000, ...(call.body !== undefined ? { stdin: call.body } : {}) }).then((result) => ({ ok: result.code === 0, out: (result.code === 0 ? result.stdout : result.stderr).trim() }));
}

/** Beyond each node's probe: a schema registered through one node is read through the other and through HAProxy. */
export const schemaReadEverywhere: ModuleCheck = {
  name: 'Schema Registry: a schema registered on one node is read on the other and through HAProxy',
  async check(ctx) {
    const topology = ctx.topology;
    const nodes = topology.members(SCHEMA_REGISTRY).map((member) => member.host).filter((host) => ctx.hosts.includes(host));
    const [from, ...others] = nodes;
    if (!from) return { ok: true, evidence: ['no Schema Registry hosts in this run'] };
    const caFile = registryPaths(await registryLayout(ctx, from)).caFile;
    const nodeUrl = (host: string) => `https://${topology.appAddress(host)}:${portOf(topology.on(SCHEMA_REGISTRY, host), 'http')}`;
    const haproxy = topology.members('haproxy')[0];
    const readers = [
      ...others.map((host) => ({ name: host, url: nodeUrl(host) })),
      ...(haproxy ? [{ name: 'HAProxy', url: `https://${ctx.inventory.vips.haproxy}:${portOf(haproxy, HAPROXY_PORT_NAME)}` }] : []),
    ];

    const token = `install-${ctx.clock.now()}`;
    const subject = `${nodeUrl(from)}/subjects/${HEALTH_SUBJECT}`;
    const registered = await curl(ctx, from, caFile, { method: 'POST', url: `${subject}/versions`, body: healthSchema(token) });
    const id = registered.ok ? registeredId(registered.out) : undefined;
    if (id === undefined) return { ok: false, evidence: [`register through ${from} failed: ${registered.out || 'no answer'}`] };
    const evidence = [`registered schema id ${id} through ${from}`];
    let ok = true;
    for (const reader of readers) {
      const read = await pollUntil(ctx.clock, FOLLOW_WAIT_MS, 500, async () => {
        const answer = await curl(ctx, from, caFile, { method: 'GET', url: `${reader.url}/schemas/ids/${id}` });
        return { done: answer.ok && schemaCarries(answer.out, token), value: answer };
      });
      evidence.push(read.done ? `${reader.name} serves it (after ${seconds(read.waitedMs)})` : `${reader.name} does not serve it: ${read.value.out || 'no answer'}`);
      ok &&= read.done;
    }
    // A soft delete, then the permanent one the registry allows only after it.
    for (const url of [subject, `${subject}?permanent=true`]) {
      const deleted = await curl(ctx, from, caFile, { method: 'DELETE', url });
      if (!deleted.ok) evidence.push(`cleanup ${url} failed: ${deleted.out}`);
    }
    return { ok, evidence };
  },
};
