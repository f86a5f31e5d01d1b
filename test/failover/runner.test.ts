import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { RecordingIoHost } from '../../src/core/events.js';
import type { FaultInjector, FaultTarget } from '../../src/failover/faults.js';
import type { ServiceKit } from '../../src/failover/kit.js';
import { OpFailure } from '../../src/failover/ops.js';
import type { OpClient } from '../../src/failover/rate-driver.js';
import { runFailoverTest, type FailoverDeps, type RunnerSettings } from '../../src/failover/runner.js';
import type { ScenarioDef } from '../../src/failover/scenarios.js';

const FAST: Partial<RunnerSettings> = { rateHz: 200, warmupOps: 3, warmupTimeoutMs: 2_000, settleMs: 30, drainMs: 100, healthTimeoutMs: 200, healthPollMs: 10, sampleIntervalMs: 5, sampleTimeoutMs: 50, maxInFlight: 16 };
const DEF: ScenarioDef = { service: 'etcd', fault: 'kill', unit: 'etcd.service', targetMs: 5_000, specTargetMs: 5_000 };

/** A two-host service in memory: the holder serves writes, a fault takes it away for `outageMs`, then `b` leads. */
class FakeCluster {
  holder: string | undefined = 'a';
  /** Hosts that also claim the role (a stale holder). */
  staleHolders = new Set<string>();
  stored = new Set<number>();
  forgetOnFailover = false;
  outageMs = 60;
  readonly calls: string[] = [];

  kit(): ServiceKit {
    return {
      service: 'etcd',
      claim: 'leader',
      holderName: 'the leader',
      hosts: ['a', 'b'],
      probe: async (host) => (host === this.holder || this.staleHolders.has(host) ? ['leader'] : []),
      clients: () => [this.client()],
    };
  }

  client(): OpClient {
    return {
      name: 'fake writes',
      attempt: async (seq) => {
        if (this.holder === undefined) throw new OpFailure('no leader', 'failed');
        this.stored.add(seq);
      },
      readBack: async () => [...this.stored],
      close: async () => undefined,
    };
  }

  faults(options: { injectError?: string; restoreError?: string; staleAfterFault?: boolean } = {}): FaultInjector {
    return {
      describe: (t: FaultTarget) => `kill ${t.unit} on ${t.host}`,
      unsupported: () => undefined,
      inject: async (t) => {
        this.calls.push(`inject ${t.host}`);
        if (options.injectError) throw new Error(options.injectError);
        this.holder = undefined;
        if (options.staleAfterFault) this.staleHolders.add(t.host);
        setTimeout(() => {
          if (this.forgetOnFailover) this.stored.delete(Math.max(...this.stored));
          this.holder = 'b';
        }, this.outageMs);
      },
      restore: async (t) => {
        this.calls.push(`restore ${t.host}`);
        this.staleHolders.clear();
        if (options.restoreError) throw new Error(options.restoreError);
      },
      manualRestore: (t) => `on ${t.host}: sudo systemctl start ${t.unit}`,
    };
  }

  deps(faults: FaultInjector, overrides: Partial<FailoverDeps> = {}): FailoverDeps {
    return {
      clusterName: 'test',
      clock: systemClock,
      io: new RecordingIoHost(),
      health: async () => ({ healthy: true, summary: 'healthy' }),
      kits: { etcd: this.kit() },
      watch: { hosts: [], claims: [], probe: async () => [] },
      faults,
      settings: FAST,
      ...overrides,
    };
  }
}

describe('runFailoverTest', () => {
  it('measures the outage, sees the leader change, finds every write and restores', async () => {
    const cluster = new FakeCluster();
    const report = await runFailoverTest(cluster.deps(cluster.faults()), [DEF]);
    const [result] = report.scenarios;
    expect(result).toMatchObject({ service: 'etcd', fault: 'kill', host: 'a', action: 'kill etcd.service on a', lostWrites: 0, phantomWrites: 0, splitBrain: [], restored: true, verdict: 'pass' });
    expect(result!.measuredMs).toBeGreaterThanOrEqual(50);
    expect(result!.measuredMs).toBeLessThan(1_000);
    expect(result!.leaderChange?.to).toBe('b');
    expect(result!.clients[0]!.ops.failed).toBeGreaterThan(0);
    expect(cluster.calls).toEqual(['inject a', 'restore a']);
    expect(report).toMatchObject({ ok: true, healthyAfter: true, aborted: false });
  });

  it('refuses to start on an unhealthy cluster, before any fault', async () => {
    const cluster = new FakeCluster();
    const deps = cluster.deps(cluster.faults(), { health: async () => ({ healthy: false, summary: 'etcd 2/3' }) });
    await expect(runFailoverTest(deps, [DEF])).rejects.toMatchObject({ code: 'E_FAILOVER_UNHEALTHY' });
    expect(cluster.calls).toEqual([]);
  });

  it('injects nothing (and so restores nothing) when the clients cannot warm up', async () => {
    const cluster = new FakeCluster();
    const deps = cluster.deps(cluster.faults());
    deps.kits.etcd = { ...cluster.kit(), clients: () => [{ name: 'broken', attempt: async () => Promise.reject(new Error('refused')), close: async () => undefined }] };
    deps.settings = { ...FAST, warmupTimeoutMs: 50 };
    const report = await runFailoverTest(deps, [DEF]);
    expect(cluster.calls).toEqual([]);
    expect(report.scenarios[0]).toMatchObject({ verdict: 'error', restored: true });
    expect(report.scenarios[0]!.reasons[0]).toMatch(/client "broken" did not get 3 acknowledged operations in a row .*refused.*no fault was injected/);
  });

  it('restores even when injecting the fault fails', async () => {
    const cluster = new FakeCluster();
    const report = await runFailoverTest(cluster.deps(cluster.faults({ injectError: 'ssh: connection lost' })), [DEF]);
    expect(cluster.calls).toEqual(['inject a', 'restore a']);
    expect(report.scenarios[0]).toMatchObject({ verdict: 'error', restored: true });
    expect(report.scenarios[0]!.reasons.join()).toContain('ssh: connection lost');
    expect(report.ok).toBe(false);
  });

  it('reports a failed restore loudly with the manual step and runs no further scenario', async () => {
    const cluster = new FakeCluster();
    const io = new RecordingIoHost();
    const report = await runFailoverTest(cluster.deps(cluster.faults({ restoreError: 'unit not found' }), { io }), [DEF, DEF]);
    expect(report.scenarios).toHaveLength(1);
    expect(report.scenarios[0]).toMatchObject({ restored: false, verdict: 'fail', manualRestore: 'on a: sudo systemctl start etcd.service' });
    expect(report).toMatchObject({ ok: false, healthyAfter: false });
    const loud = io.events.find((e) => e.type === 'message' && e.level === 'error');
    expect(loud && 'text' in loud ? loud.text : '').toMatch(/RESTORE FAILED.*sudo systemctl start etcd.service/);
  });

  it('fails a scenario that lost an acknowledged write', async () => {
    const cluster = new FakeCluster();
    cluster.forgetOnFailover = true;
    const report = await runFailoverTest(cluster.deps(cluster.faults()), [DEF]);
    expect(report.scenarios[0]).toMatchObject({ lostWrites: 1, verdict: 'fail' });
    expect(report.scenarios[0]!.reasons.join()).toMatch(/1 acknowledged writes lost/);
  });

  it('fails a scenario in which two hosts held the role at once', async () => {
    const cluster = new FakeCluster();
    const report = await runFailoverTest(cluster.deps(cluster.faults({ staleAfterFault: true })), [DEF]);
    expect(report.scenarios[0]!.splitBrain[0]).toMatchObject({ claim: 'leader', hosts: ['a', 'b'] });
    expect(report.scenarios[0]!.verdict).toBe('fail');
  });

  it('fails a scenario over its target', async () => {
    const cluster = new FakeCluster();
    cluster.outageMs = 150;
    const report = await runFailoverTest(cluster.deps(cluster.faults()), [{ ...DEF, targetMs: 100 }]);
    expect(report.scenarios[0]!.verdict).toBe('fail');
    expect(report.scenarios[0]!.reasons.join()).toMatch(/over the target 0.1 s/);
  });

  it('on Ctrl-C stops, restores and runs nothing more', async () => {
    const cluster = new FakeCluster();
    cluster.outageMs = 60_000;
    const abort = new AbortController();
    const faults = cluster.faults();
    const inject = faults.inject.bind(faults);
    faults.inject = async (t) => {
      await inject(t);
      setTimeout(() => abort.abort(), 50);
    };
    const report = await runFailoverTest(cluster.deps(faults, { signal: abort.signal }), [DEF, DEF]);
    expect(cluster.calls).toEqual(['inject a', 'restore a']);
    expect(report).toMatchObject({ aborted: true, ok: false });
    expect(report.scenarios[0]).toMatchObject({ verdict: 'error', restored: true });
    expect(report.scenarios[0]!.reasons.join()).toMatch(/interrupted \(Ctrl-C\)/);
    expect(report.scenarios).toHaveLength(1);
  });
});
