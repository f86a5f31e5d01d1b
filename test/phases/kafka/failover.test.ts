import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { RecordingIoHost } from '../../../src/core/events.js';
import type { FaultInjector, FaultTarget } from '../../../src/failover/faults.js';
import { scenarioTable, type ServiceKit } from '../../../src/failover/kit.js';
import { planFailoverTest, runFailoverTest, type FailoverDeps } from '../../../src/failover/runner.js';
import { isActiveController, KAFKA_CONTROLLER, KAFKA_TEST_LEADER, kafkaFailover, kafkaReadiness } from '../../../phases/04-streaming/kafka/failover.js';
import { gauges } from '../../../phases/04-streaming/kafka/metrics.js';

describe('kafkaFailover rows', () => {
  it('kill the active controller, stop and power off the test partition leader, each within the spec', () => {
    const rows = scenarioTable([kafkaFailover]);
    expect(rows.map((row) => [row.fault, row.claim ?? 'kit claim', row.unit])).toEqual([
      ['kill', 'kit claim', 'kafka.service'],
      ['stop', KAFKA_TEST_LEADER, 'kafka.service'],
      ['host-down', KAFKA_TEST_LEADER, 'kafka.service'],
    ]);
    for (const row of rows) expect(row.targetMs).toBeLessThan(row.specTargetMs);
    expect(rows.every((row) => row.specTargetMs === 15_000)).toBe(true);
  });
});

describe('the probe and the readiness check', () => {
  it("reads a node's own view of being the active controller from the JMX exporter", () => {
    const scrape = (value: string) => gauges(`# HELP x\nkafka_controller_activecontrollercount ${value}\nkafka_raft_current_leader 2.0\n`);
    expect(isActiveController(scrape('1.0'), 'vm2')).toBe(true);
    expect(isActiveController(scrape('0.0'), 'vm1')).toBe(false);
    expect(() => isActiveController(gauges('kafka_raft_current_leader 2.0\n'), 'vm1')).toThrow(/vm1: no kafka_controller_activecontrollercount/);
  });

  const healthy = { topic: 't', leader: 2, replicas: 3, isr: 3, leaders: 1, brokers: 3, expectedBrokers: 3, activeControllers: 1, underReplicated: 0 };

  it('waits for a restored member to rejoin: registered, back in the ISR, nothing under-replicated', () => {
    expect(kafkaReadiness(healthy)).toBeUndefined();
    expect(kafkaReadiness({ ...healthy, brokers: 2 })).toBe('2 of 3 brokers registered');
    expect(kafkaReadiness({ ...healthy, isr: 2 })).toBe('t partition 0 has 2 of 3 replicas in sync');
    expect(kafkaReadiness({ ...healthy, underReplicated: 4 })).toMatch(/^4 partitions under-replicated/);
  });

  it('refuses a fault while the roles are unclear: no leader, two brokers leading, not exactly one controller', () => {
    expect(kafkaReadiness({ ...healthy, leader: -1 })).toBe('t partition 0 has no leader');
    expect(kafkaReadiness({ ...healthy, leaders: 2 })).toBe('2 brokers say they lead t partition 0 (expected 1)');
    expect(kafkaReadiness({ ...healthy, activeControllers: 0 })).toBe('0 active controllers (expected 1)');
  });
});

/**
 * Three nodes in memory with Kafka's two roles: the controller on vm1 and the test partition's
 * leader on vm2. A fault moves the role its host held to the next node after a short outage.
 */
class TwoRoles {
  controller = 'vm1';
  leader: string | undefined = 'vm2';
  /** A node that keeps claiming the controller role after the fault (a split brain to catch). */
  staleController = false;
  readonly hit: string[] = [];
  readyCalls = 0;

  kit(): ServiceKit {
    return {
      service: 'kafka',
      claim: KAFKA_CONTROLLER,
      holderName: 'the active KRaft controller',
      roles: { [KAFKA_TEST_LEADER]: { holderName: 'the test partition leader', changeName: 'new partition leader' } },
      hosts: ['vm1', 'vm2', 'vm3'],
      probe: async (host) => [...(host === this.controller || (this.staleController && host === 'vm1') ? [KAFKA_CONTROLLER] : []), ...(host === this.leader ? [KAFKA_TEST_LEADER] : [])],
      ready: async () => void this.readyCalls++,
      clients: () => [{ name: 'produce', attempt: async () => (this.leader ? undefined : Promise.reject(new Error('no leader'))), close: async () => undefined }],
    };
  }

  faults(): FaultInjector {
    return {
      describe: (t: FaultTarget) => `${t.fault} ${t.host}`,
      unsupported: () => undefined,
      inject: async (t) => {
        this.hit.push(`${t.fault} ${t.host}`);
        if (t.host === this.controller) this.controller = 'vm3';
        if (t.host === this.leader) {
          this.leader = undefined;
          setTimeout(() => (this.leader = 'vm3'), 40);
        }
      },
      restore: async () => undefined,
      manualRestore: () => 'start it',
    };
  }

  deps(): FailoverDeps {
    return {
      clusterName: 'test',
      clock: systemClock,
      io: new RecordingIoHost(),
      health: async () => ({ healthy: true, summary: 'healthy' }),
      kits: { kafka: this.kit() },
      watch: { hosts: [], claims: [], probe: async () => [] },
      faults: this.faults(),
      settings: { rateHz: 200, warmupOps: 3, warmupTimeoutMs: 2_000, settleMs: 30, drainMs: 100, healthTimeoutMs: 200, healthPollMs: 10, sampleIntervalMs: 5, sampleTimeoutMs: 50 },
    };
  }
}

describe('a kit with two roles in the runner', () => {
  it('plans each row against the holder of the role it names, after the kit got ready', async () => {
    const nodes = new TwoRoles();
    const planned = await planFailoverTest(nodes.deps(), scenarioTable([kafkaFailover]));
    expect(planned.map((p) => `${p.def.fault} ${p.target.host} (${p.holderName})`)).toEqual([
      'kill vm1 (the active KRaft controller)',
      'stop vm2 (the test partition leader)',
      'host-down vm2 (the test partition leader)',
    ]);
    expect(nodes.readyCalls).toBe(3);
  });

  it("hits the partition leader for the stop and reports its role's move", async () => {
    const nodes = new TwoRoles();
    const stop = scenarioTable([kafkaFailover]).filter((row) => row.fault === 'stop');
    const report = await runFailoverTest(nodes.deps(), stop);
    expect(nodes.hit).toEqual(['stop vm2']);
    expect(report.scenarios[0]).toMatchObject({ host: 'vm2', verdict: 'pass', splitBrain: [], leaderChange: { to: 'vm3', what: 'new partition leader' } });
  });

  it('watches the role a row does not target for two holders too', async () => {
    const nodes = new TwoRoles();
    nodes.staleController = true;
    const stop = scenarioTable([kafkaFailover]).filter((row) => row.fault === 'stop');
    // vm1 holds the controller role throughout; make vm3 claim it as well once the stop is in.
    const faults = nodes.faults();
    const inject = faults.inject.bind(faults);
    faults.inject = async (t) => {
      await inject(t);
      nodes.controller = 'vm3';
    };
    const report = await runFailoverTest({ ...nodes.deps(), faults }, stop);
    expect(report.scenarios[0]!.splitBrain.map((o) => `${o.claim} ${o.hosts.join('+')}`)).toContain(`${KAFKA_CONTROLLER} vm1+vm3`);
    expect(report.scenarios[0]!.verdict).toBe('fail');
  });
});
