import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { stateDirFor } from '../../src/cli/commands/run-options.js';
import { readState } from '../../src/engine/state.js';
import type { FailoverReport } from '../../src/failover/types.js';
import { labPaths } from '../../src/lab/paths.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * `datalyptica failover-test --service all --yes` on the lab as a user runs it: every HA
 * service installed by phases 2-3 gets every fault kind (stop, kill, host-down), and every
 * verdict must pass (target met, no acknowledged write lost, no split brain, restored);
 * `status` is healthy afterwards. Needs root (the lab's faults) and phase 3 completed.
 */

const paths = labPaths();
const BIN = new URL('../../bin/datalyptica.js', import.meta.url).pathname;
const blocker =
  needRoot() ??
  (existsSync(paths.inventory) && Object.keys(readState(stateDirFor(paths.inventory)).phases['3'] ?? {}).length > 0 ? undefined : 'phase 3 is not installed on the lab (did 20-install-core fail?)');

/** Phase 4 installed: Kafka's rows follow PostgreSQL's. */
const kafkaInstalled = existsSync(paths.inventory) && Object.keys(readState(stateDirFor(paths.inventory)).phases['4'] ?? {}).length > 0;

describeLab('failover-test on the lab', blocker, () => {
  it(
    'meets every target with no acknowledged write lost and no split brain, and leaves the cluster healthy',
    async () => {
      const run = await execa('node', [BIN, 'failover-test', '-i', paths.inventory, '--service', 'all', '--yes', '--json'], { reject: false, stdin: 'ignore' });
      const stdout = String(run.stdout);
      expect(stdout.trim().startsWith('{'), `no JSON report (exit ${run.exitCode}): ${String(run.stderr).slice(-2000)}`).toBe(true);
      const report = JSON.parse(stdout) as FailoverReport;
      const summary = report.scenarios.map((s) => `${s.service}/${s.fault} (${s.action}) ${s.verdict} ${s.measuredMs ?? 'never'} ms ${s.reasons.join('; ')}`).join('\n');
      expect(report.scenarios.map((s) => `${s.service}/${s.fault}`), summary).toEqual([
        // Registry order; HAProxy's service is killed twice: haproxy.service, then keepalived.service.
        'etcd/kill', 'etcd/stop', 'etcd/host-down',
        'haproxy/stop', 'haproxy/kill', 'haproxy/kill', 'haproxy/host-down',
        'postgresql/stop', 'postgresql/kill', 'postgresql/host-down',
        ...(kafkaInstalled ? ['kafka/kill', 'kafka/stop', 'kafka/host-down'] : []),
      ]);
      expect(report.scenarios.filter((s) => s.fault === 'kill' && s.service === 'haproxy').map((s) => s.action.includes('keepalived')), summary).toEqual([false, true]);
      for (const scenario of report.scenarios) {
        expect(scenario.verdict, summary).toBe('pass');
        expect(scenario.lostWrites, summary).toBe(0);
        expect(scenario.splitBrain, summary).toEqual([]);
      }
      expect(report.ok, summary).toBe(true);
      expect(run.exitCode).toBe(0);

      const status = await execa('node', [BIN, 'status', '-i', paths.inventory], { reject: false, stdin: 'ignore' });
      expect(status.exitCode, String(status.stdout)).toBe(0);
    },
    2_400_000,
  );
});
