import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { stateDirFor } from '../../src/cli/commands/run-options.js';
import { readState } from '../../src/engine/state.js';
import type { FailoverReport } from '../../src/failover/types.js';
import { labPaths } from '../../src/lab/paths.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * `datalyptica failover-test --service kafka --yes` on the lab once phase 4 is installed (by
 * 60-kafka; 50-failover runs before it, on phases 2-3): SIGKILL of the active controller, stop of
 * the test partition leader's broker, power-off of its host, each passing its target with no
 * acknowledged record lost and never two controllers or partition leaders at once.
 */

const paths = labPaths();
const BIN = new URL('../../bin/datalyptica.js', import.meta.url).pathname;
const blocker =
  needRoot() ??
  (existsSync(paths.inventory) && Object.keys(readState(stateDirFor(paths.inventory)).phases['4'] ?? {}).length > 0 ? undefined : 'phase 4 is not installed on the lab (did 60-kafka fail?)');

describeLab('failover-test --service kafka on the lab', blocker, () => {
  it(
    'meets every target with no acknowledged record lost and never two controllers at once',
    async () => {
      const run = await execa('node', [BIN, 'failover-test', '-i', paths.inventory, '--service', 'kafka', '--yes', '--json'], { reject: false, stdin: 'ignore' });
      const stdout = String(run.stdout);
      expect(stdout.trim().startsWith('{'), `no JSON report (exit ${run.exitCode}): ${String(run.stderr).slice(-2000)}`).toBe(true);
      const report = JSON.parse(stdout) as FailoverReport;
      const summary = report.scenarios.map((s) => `${s.service}/${s.fault} (${s.action}) ${s.verdict} ${s.measuredMs ?? 'never'} ms ${s.reasons.join('; ')}`).join('\n');
      expect(report.scenarios.map((s) => `${s.service}/${s.fault}`), summary).toEqual(['kafka/kill', 'kafka/stop', 'kafka/host-down']);
      for (const scenario of report.scenarios) {
        expect(scenario.verdict, summary).toBe('pass');
        expect(scenario.lostWrites, summary).toBe(0);
        expect(scenario.splitBrain, summary).toEqual([]);
      }
      expect(run.exitCode, summary).toBe(0);
      console.log(`figures: kafka failover\n${summary}`);
    },
    1_200_000,
  );
});
