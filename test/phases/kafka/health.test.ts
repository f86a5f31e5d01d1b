import { describe, expect, it } from 'vitest';
import { KAFKA_HEALTH, kafkaReport, underReplicated } from '../../../phases/04-streaming/kafka/health.js';
import { gauges } from '../../../phases/04-streaming/kafka/metrics.js';
import type { ProbeTarget } from '../../../src/health/types.js';

const SETTINGS = 'node.id=2\ncontroller.quorum.voters=1@198.18.1.11:19093,2@198.18.1.12:19093,3@198.18.1.13:19093\n--datalyptica-metrics--\n';
const HEALTHY = [
  'kafka_raft_current_leader 1.0',
  'kafka_raft_current_epoch 4.0',
  'kafka_raft_number_unknown_voter_connections 0.0',
  'kafka_server_broker_state 3.0',
  'kafka_server_underreplicatedpartitions 0.0',
  'kafka_controller_activebrokercount 3.0',
  'kafka_controller_fencedbrokercount 0.0',
  'kafka_controller_offlinepartitionscount 0.0',
  'process_resident_memory_bytes 3.85155072E8',
].join('\n');

const parse = (stdout: string, code = 0) => KAFKA_HEALTH.check!.parse({ code, stdout }, {} as ProbeTarget);

describe('Kafka health probe (the JMX exporter over HTTP)', () => {
  it('reads the gauges, scientific notation included', () => {
    expect(gauges(`# HELP x\n${HEALTHY}\nkafka_server_brokertopicmetrics_count{name="BytesInPerSec"} 0.0`).get('process_resident_memory_bytes')).toBe(385155072);
  });

  it('a follower that knows the active controller and has nothing under-replicated is ok', () => {
    const report = parse(SETTINGS + HEALTHY);
    expect(report).toEqual({
      health: 'ok',
      role: 'follower',
      facts: ['3 voters', 'active controller node 1', 'epoch 4', 'brokers registered 3', 'under-replicated 0', 'offline 0', 'RSS 367 MiB'],
      problems: [],
    });
    expect(underReplicated(report)).toBe(0);
  });

  it('the node whose id is the active controller is the leader', () => {
    expect(parse(SETTINGS.replace('node.id=2', 'node.id=1') + HEALTHY).role).toBe('leader');
  });

  it('under-replicated partitions, fenced brokers and a broker not RUNNING are degraded', () => {
    const metrics = new Map([...gauges(HEALTHY)]);
    metrics.set('kafka_server_underreplicatedpartitions', 5);
    metrics.set('kafka_controller_fencedbrokercount', 1);
    metrics.set('kafka_server_broker_state', 1);
    const report = kafkaReport(2, 3, metrics);
    expect(report.health).toBe('degraded');
    expect(report.problems).toEqual(['broker state 1, not RUNNING (3): not serving clients yet', '5 partitions it leads are under-replicated', '1 broker fenced']);
    expect(underReplicated(report)).toBe(5);
  });

  it('no active controller is down; a refused scrape is down; a JVM still starting is down', () => {
    expect(parse(SETTINGS + HEALTHY.replace('kafka_raft_current_leader 1.0', 'kafka_raft_current_leader -1.0'))).toMatchObject({ health: 'down', problems: ['no active controller: the quorum has no leader'] });
    expect(parse(`${SETTINGS}curl: (7) Failed to connect to 198.18.1.12 port 9404: Connection refused`, 1)).toMatchObject({ health: 'down' });
    expect(parse(`${SETTINGS}process_resident_memory_bytes 1.3E8`)).toMatchObject({ health: 'down', problems: [expect.stringContaining('starting')] });
    expect(parse('', 124)).toMatchObject({ health: 'unknown' });
  });

  it('asks for server.properties and the exporter on the application address only', () => {
    const command = KAFKA_HEALTH.check!.command({ host: { addresses: { application: '198.18.1.12' } }, placed: { ports: [{ name: 'metrics', port: 9404 }] } } as unknown as ProbeTarget);
    expect(command).toContain('/etc/datalyptica/kafka/server.properties');
    expect(command).toContain('curl -sS --max-time 0.9 http://198.18.1.12:9404/metrics');
  });
});
