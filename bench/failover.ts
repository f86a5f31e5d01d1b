import { execa } from 'execa';
import type { FailoverReport, ScenarioResult } from '../src/failover/types.js';

const BIN = new URL('../bin/datalyptica.js', import.meta.url).pathname;

/** Runs `failover-test --json` as a user would; returns its report (also when a verdict failed: exit 1). */
export async function failoverReport(inventory: string, extraArgs: string[] = []): Promise<FailoverReport> {
  const result = await execa('node', [BIN, 'failover-test', '-i', inventory, '--service', 'all', '--yes', '--json', ...extraArgs], { reject: false, stdin: 'ignore' });
  const out = String(result.stdout);
  try {
    return JSON.parse(out.slice(out.indexOf('{'))) as FailoverReport;
  } catch {
    throw new Error(`failover-test exited ${result.exitCode} without a report\n${out}\n${String(result.stderr).split('\n').slice(-20).join('\n')}`);
  }
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? 'never' : `${(ms / 1000).toFixed(2)} s`;
}

function line(s: ScenarioResult): string {
  const leader = s.leaderChange ? `, ${s.leaderChange.what} after ${seconds(s.leaderChange.ms)}` : '';
  const writes = s.clients.some((c) => c.verify) ? `, ${s.lostWrites} acknowledged writes lost` : '';
  return `  ${`${s.service} / ${s.fault}`.padEnd(22)} ${seconds(s.measuredMs).padStart(8)} (target < ${s.targetMs / 1000} s, spec < ${s.specTargetMs / 1000} s${leader}${writes}${s.splitBrain.length > 0 ? ', SPLIT BRAIN' : ''}) ${s.verdict}`;
}

/**
 * The failover part of `npm run bench`: runs every scenario `runs` times on the lab (root, phases
 * 2-3 installed) and prints the measured time of each service and fault kind, per run, with
 * its min/max. Call: `await benchFailover('lab/inventory.yaml', console.log, 3)`.
 */
export async function benchFailover(inventory: string, print: (line: string) => void, runs = 1): Promise<FailoverReport[]> {
  const reports: FailoverReport[] = [];
  for (let run = 1; run <= runs; run++) {
    const report = await failoverReport(inventory);
    reports.push(report);
    print(`failover, run ${run} of ${runs} (fault to the first acknowledged client operation after it):`);
    for (const scenario of report.scenarios) print(line(scenario));
    if (!report.healthyAfter) {
      print('  the cluster was not healthy after the run: stopping the failover bench');
      break;
    }
  }
  if (reports.length > 1) {
    print('failover, all runs (min - max):');
    const keys = [...new Set(reports.flatMap((r) => r.scenarios.map((s) => `${s.service} / ${s.fault}`)))];
    for (const key of keys) {
      const times = reports.flatMap((r) => r.scenarios.filter((s) => `${s.service} / ${s.fault}` === key).map((s) => s.measuredMs ?? Number.POSITIVE_INFINITY));
      print(`  ${key.padEnd(22)} ${seconds(Math.min(...times))} - ${seconds(Math.max(...times))} over ${times.length} runs`);
    }
  }
  return reports;
}
