import { describe, expect, it } from 'vitest';
import { registryLeaderClaims, REGISTRY_LEADER } from '../../../phases/04-streaming/schema-registry/failover.js';
import { healthSchema, registeredId, schemaCarries } from '../../../phases/04-streaming/schema-registry/gate.js';
import { SCHEMA_REGISTRY_HEALTH } from '../../../phases/04-streaming/schema-registry/health.js';
import { Topology } from '../../../src/config/topology.js';
import type { HostShell } from '../../../src/failover/shell.js';
import type { ProbeTarget } from '../../../src/health/types.js';
import { buildSpecInventory } from '../../../src/inventory/layout.js';

const inventory = buildSpecInventory();
const topology = new Topology(inventory);
const target = (host: string): ProbeTarget => ({ inventory, host: topology.host(host), placed: topology.on('schema-registry', host) });
const check = SCHEMA_REGISTRY_HEALTH.check!;

const METADATA = '{"scope":{"path":[],"clusters":{"kafka-cluster":"Xk2v9QvMRwW1eP6Qm3Lx8A","schema-registry-cluster":"schema-registry"}}}';
const identity = (host: string) => `version=1,host=${topology.appAddress(host)},port=8085,scheme=https,leaderEligibility=true,isLeader=false`;
const result = (leaderIdentity: string, error = 0) =>
  `[2026-12-02 13:00:01,123] INFO Finished rebalance with leader election result: Assignment{version=1, error=${error}, leader='sr-1-5f0c', leaderIdentity=${leaderIdentity}}`;
/** What the probe's snippet prints: curl's answer, the separator with curl's exit code, the elector's last line. */
const output = (answer: string, curlCode: number, line: string) => ({ code: 0, stdout: `${answer}\n--datalyptica-next-- ${curlCode}\n${line}\n` });

describe('the Schema Registry probe', () => {
  it('asks the REST API over TLS on the application address, then the election log', () => {
    const command = check.command(target('vm1'));
    expect(command).toContain('curl -sS --max-time 0.9 --cacert /etc/datalyptica/schema-registry/tls/ca.crt https://10.20.0.11:8085/v1/metadata/id');
    expect(command).toContain("grep -E 'Rebalance started|Finished rebalance with leader election result:' /var/log/datalyptica/schema-registry/leader-election.log");
  });

  it('names the node the election chose: leader on that node, follower on the other', () => {
    const onVm1 = check.parse(output(METADATA, 0, result(identity('vm1'))), target('vm1'));
    const onVm2 = check.parse(output(METADATA, 0, result(identity('vm1'))), target('vm2'));
    expect(onVm1).toEqual({ health: 'ok', role: 'leader', facts: ['REST ok, Kafka cluster Xk2v9QvMRwW1eP6Qm3Lx8A', 'leader vm1'], problems: [] });
    expect(onVm2).toMatchObject({ health: 'ok', role: 'follower', facts: ['REST ok, Kafka cluster Xk2v9QvMRwW1eP6Qm3Lx8A', 'leader vm1'] });
  });

  it('is degraded while a rebalance runs, with no eligible leader, or after a failed election', () => {
    const parse = (line: string) => check.parse(output(METADATA, 0, line), target('vm2'));
    expect(parse('[2026-12-02 13:00:00,001] INFO Rebalance started')).toMatchObject({ health: 'degraded', problems: ['leader election under way'] });
    expect(parse(result('null'))).toMatchObject({ health: 'degraded', problems: ['no leader-eligible registry in the group: writes are refused'] });
    expect(parse(result(identity('vm1'), 1))).toMatchObject({ health: 'degraded', problems: ['election failed: two registries advertise the same URL'] });
    expect(parse('')).toMatchObject({ health: 'degraded', problems: ['no leader election result logged yet'] });
    expect(parse(result(identity('vm1'))).role).toBe('follower');
  });

  it('is down when the REST API refuses, unknown when it is slow, never judged by a stale election line', () => {
    const refused = check.parse(output('curl: (7) Failed to connect to 10.20.0.11 port 8085 after 0 ms: Connection refused', 7, result(identity('vm1'))), target('vm1'));
    expect(refused).toMatchObject({ health: 'down', problems: ['Schema Registry REST API: curl: (7) Failed to connect to 10.20.0.11 port 8085 after 0 ms: Connection refused'] });
    expect(refused.role).toBeUndefined();
    const slow = check.parse(output('curl: (28) Operation timed out after 900 milliseconds with 0 bytes received', 28, ''), target('vm1'));
    expect(slow.health).toBe('unknown');
    // A 404 page (another program on the port) is not the registry's answer.
    expect(check.parse(output('<html><body>Not Found</body></html>', 0, result(identity('vm1'))), target('vm1')).health).toBe('down');
  });

  it('elects a leader: status and the gate want exactly one', () => {
    expect(SCHEMA_REGISTRY_HEALTH.electsLeader).toBe(true);
  });
});

describe('the failover claim', () => {
  const shell = (answers: Record<string, { code: number; stdout: string }>): HostShell => ({
    exec: async (host) => ({ ...answers[host]!, stderr: '' }),
    close: async () => undefined,
  });

  it('is held by the node whose election result names itself, by no node that is down', async () => {
    const probe = registryLeaderClaims(shell({ vm1: output('curl: (7) Connection refused', 7, result(identity('vm1'))), vm2: output(METADATA, 0, result(identity('vm2'))) }), topology, 1500);
    expect(await probe('vm1')).toEqual([]);
    expect(await probe('vm2')).toEqual([REGISTRY_LEADER]);
  });

  it('cannot be told from a node that does not answer in time', async () => {
    const probe = registryLeaderClaims(shell({ vm1: output('curl: (28) Operation timed out', 28, '') }), topology, 1500);
    await expect(probe('vm1')).rejects.toThrow(/no answer within|timed out/);
  });
});

describe('the gate’s write and reads', () => {
  it('registers an Avro record whose doc carries the token, and knows it when read back', () => {
    const body = JSON.parse(healthSchema('install-42')) as { schema: string };
    expect(JSON.parse(body.schema)).toEqual({ type: 'record', name: 'DatalypticaHealth', namespace: 'datalyptica', doc: 'install-42', fields: [{ name: 'at', type: 'long' }] });
    expect(schemaCarries(JSON.stringify({ schema: body.schema }), 'install-42')).toBe(true);
    expect(schemaCarries(JSON.stringify({ schema: body.schema }), 'install-41')).toBe(false);
    expect(schemaCarries('{"error_code":40403,"message":"Schema not found"}', 'install-42')).toBe(false);
  });

  it('reads the id of a registration, and none from an error', () => {
    expect(registeredId('{"id":7}')).toBe(7);
    expect(registeredId('{"error_code":50003,"message":"Error while forwarding register schema request to the leader"}')).toBeUndefined();
    expect(registeredId('curl: (7) Connection refused')).toBeUndefined();
  });
});
