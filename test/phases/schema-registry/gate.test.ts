import { describe, expect, it } from 'vitest';
import { schemaReadEverywhere } from '../../../phases/04-streaming/schema-registry/gate.js';
import { Topology } from '../../../src/config/topology.js';
import type { GateContext } from '../../../src/engine/phase.js';
import { buildSpecInventory } from '../../../src/inventory/layout.js';
import type { ExecResult } from '../../../src/ssh/transport.js';

const inventory = buildSpecInventory();
const topology = new Topology(inventory);

/** A registry that knows one schema per id; `lagging` reads miss it that many times first (a follower catching up). */
function registryContext(options: { lagging?: number; registerAnswer?: string } = {}) {
  const calls: Array<{ host: string; command: string; stdin?: string }> = [];
  const schemas = new Map<number, string>();
  let lag = options.lagging ?? 0;
  let time = 0;
  const exec = async (host: string, command: string, execOptions?: { stdin?: string }): Promise<ExecResult> => {
    calls.push({ host, command, ...(execOptions?.stdin !== undefined ? { stdin: execOptions.stdin } : {}) });
    const answer = (stdout: string): ExecResult => ({ code: 0, stdout, stderr: '' });
    if (command.includes('-X POST')) {
      if (options.registerAnswer) return answer(options.registerAnswer);
      schemas.set(1, (JSON.parse(execOptions!.stdin!) as { schema: string }).schema);
      return answer('{"id":1}');
    }
    const read = /-X GET '[^']+\/schemas\/ids\/(\d+)'/.exec(command);
    if (read) {
      if (lag-- > 0) return answer('{"error_code":40403,"message":"Schema 1 not found"}');
      return answer(JSON.stringify({ schema: schemas.get(Number(read[1])) }));
    }
    return answer('[1]');
  };
  const ctx = {
    inventory,
    topology,
    hosts: ['vm1', 'vm2', 'vm3'],
    clock: { now: () => time, sleep: async (ms: number) => void (time += ms) },
    facts: async () => ({ osFamily: 'debian', applicationInterface: 'eth0' }),
    exec,
  } as unknown as GateContext;
  return { ctx, calls };
}

describe('the Schema Registry gate check', () => {
  it('registers through vm1, reads the same schema on vm2 and through the HAProxy VIP, then deletes the subject', async () => {
    const { ctx, calls } = registryContext({ lagging: 2 });
    const result = await schemaReadEverywhere.check(ctx);
    expect(result).toEqual({ ok: true, evidence: ['registered schema id 1 through vm1', 'vm2 serves it (after 1.0 s)', 'HAProxy serves it (after 0.0 s)'] });
    const urls = calls.map((call) => /-X (\w+)(?: .*)? '([^']+)'$/.exec(call.command)!.slice(1).join(' '));
    expect(urls).toEqual([
      'POST https://10.20.0.11:8085/subjects/datalyptica-health-value/versions',
      'GET https://10.20.0.12:8085/schemas/ids/1',
      'GET https://10.20.0.12:8085/schemas/ids/1',
      'GET https://10.20.0.12:8085/schemas/ids/1',
      'GET https://10.20.0.100:18085/schemas/ids/1',
      'DELETE https://10.20.0.11:8085/subjects/datalyptica-health-value',
      'DELETE https://10.20.0.11:8085/subjects/datalyptica-health-value?permanent=true',
    ]);
    // Every call verifies the registry against the cluster CA; the schema travels on stdin, not argv.
    for (const call of calls) expect(call.command).toContain('--cacert /etc/datalyptica/schema-registry/tls/ca.crt');
    expect(calls[0]!.command).toContain("--data-binary @-");
    expect(calls[0]!.stdin).toContain('DatalypticaHealth');
  });

  it('fails with the registry’s own error when the registration is refused', async () => {
    const { ctx } = registryContext({ registerAnswer: '{"error_code":50003,"message":"Error while forwarding register schema request to the leader"}' });
    const result = await schemaReadEverywhere.check(ctx);
    expect(result.ok).toBe(false);
    expect(result.evidence).toEqual(['register through vm1 failed: {"error_code":50003,"message":"Error while forwarding register schema request to the leader"}']);
  });

  it('fails when the other node never serves the schema, within its bound', async () => {
    const { ctx } = registryContext({ lagging: 1_000 });
    const result = await schemaReadEverywhere.check(ctx);
    expect(result.ok).toBe(false);
    expect(result.evidence[1]).toBe('vm2 does not serve it: {"error_code":40403,"message":"Schema 1 not found"}');
  });
});
