import { describe, expect, it } from 'vitest';
import { failoverMarkdown, failoverText } from '../../src/cli/render/failover.js';
import type { FailoverReport, ScenarioResult } from '../../src/failover/types.js';

const pass: ScenarioResult = {
  service: 'postgresql',
  fault: 'stop',
  host: 'vm1',
  action: 'systemctl stop patroni.service on vm1',
  targetMs: 5_000,
  specTargetMs: 30_000,
  measuredMs: 2_345,
  leaderChange: { ms: 1_200, to: 'vm2', what: 'new primary' },
  clients: [{ name: 'insert via PostgreSQL VIP', ops: { acknowledged: 100, failed: 20, unknown: 1 }, recoveredMs: 2_345, verify: { lost: [], phantom: [] } }],
  lostWrites: 0,
  phantomWrites: 0,
  splitBrain: [],
  restored: true,
  verdict: 'pass',
  reasons: [],
  startedAt: '2026-11-25T12:00:00.000Z',
  durationMs: 30_000,
};

const fail: ScenarioResult = {
  ...pass,
  service: 'haproxy',
  fault: 'kill',
  action: 'SIGKILL every process of keepalived.service on vm1',
  targetMs: 2_000,
  specTargetMs: 2_000,
  measuredMs: 3_200,
  leaderChange: undefined,
  clients: [{ name: 'GET the stats page', ops: { acknowledged: 50, failed: 60, unknown: 0 }, recoveredMs: 3_200 }],
  splitBrain: [{ claim: '198.18.21.100', hosts: ['vm1', 'vm2'], fromMs: 1_100, toMs: 9_000 }],
  restored: false,
  manualRestore: 'on vm1: sudo systemctl start keepalived.service',
  verdict: 'fail',
  reasons: ['3.2 s is over the target 2.0 s', 'split brain: 198.18.21.100 held by vm1 and vm2'],
};

const report: FailoverReport = { cluster: 'lab', startedAt: 'a', finishedAt: 'b', aborted: false, healthyAfter: false, scenarios: [pass, fail], ok: false };

describe('failover report rendering', () => {
  it('prints one aligned row per scenario with the spec target, measured time, writes lost, split brain and verdict', () => {
    const text = failoverText(report);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^service\s+fault\s+host\s+spec target\s+target\s+measured\s+leader change\s+acked writes lost\s+split brain\s+verdict$/);
    expect(lines[1]).toMatch(/^postgresql\s+stop\s+vm1\s+< 30 s\s+< 5 s\s+2.35 s\s+1.20 s \(vm2\)\s+0\s+no\s+PASS$/);
    expect(lines[2]).toMatch(/^haproxy\s+kill\s+vm1\s+< 2 s\s+< 2 s\s+3.20 s\s+none seen\s+n\/a\s+YES \(198.18.21.100: vm1\+vm2\)\s+FAIL$/);
    expect(text).toContain('RESTORE BY HAND: on vm1: sudo systemctl start keepalived.service');
    expect(text).toContain('cluster lab is NOT healthy');
  });

  it('writes Markdown for a change record', () => {
    const md = failoverMarkdown(report);
    expect(md).toContain('# Failover test of cluster lab');
    expect(md).toContain('| postgresql | stop | vm1 | < 30 s | < 5 s | 2.35 s | 1.20 s (vm2) | 0 | no | PASS |');
    expect(md).toContain('- **split brain: 198.18.21.100 held by vm1 and vm2**');
    expect(md).toContain('- **restore by hand:** on vm1: sudo systemctl start keepalived.service');
  });
});
