import { execa } from 'execa';
import { expect, it } from 'vitest';
import { stateDirFor } from '../../src/cli/commands/run-options.js';
import type { RunSummary } from '../../src/engine/engine.js';
import { readState } from '../../src/engine/state.js';
import { labPaths } from '../../src/lab/paths.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * Phase 5 with the lab's `catalog.type: jdbc`: the Iceberg catalog's database and role are
 * created through HAProxy and the gate's table is written and read as that role; a second run
 * changes nothing; `status` shows the catalog reachable on every control-plane host.
 */

const paths = labPaths();
const BIN = new URL('../../bin/datalyptica.js', import.meta.url).pathname;

const blocker = needRoot() ?? (readState(stateDirFor(paths.inventory)).phases['3'] !== undefined ? undefined : 'phase 3 is not installed on the lab (did 20-install-core fail?)');

type Event = { type: string; task?: string; host?: string; status?: string };

async function installCatalog(): Promise<{ exitCode: number; events: Event[]; summary: RunSummary }> {
  const run = await execa('node', [BIN, 'install', '-i', paths.inventory, '--only', '5', '--yes', '--json'], { reject: false, stdin: 'ignore' });
  const events = String(run.stdout).split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Event);
  const summary = events.find((event) => event.type === 'summary') as unknown as RunSummary | undefined;
  if (!summary) throw new Error(`install printed no summary (exit ${run.exitCode}): ${String(run.stderr).slice(-2000)}`);
  return { exitCode: run.exitCode ?? 1, events, summary };
}

const changedTasks = (events: readonly Event[]) => events.filter((event) => event.type === 'task' && event.status === 'changed').map((event) => `${event.host} ${event.task}`);

describeLab('the Iceberg JDBC catalog on the lab (phase 5)', blocker, () => {
  it('installs phase 5 and its gate writes and reads a table as the catalog role through HAProxy', async () => {
    const run = await installCatalog();
    const phase = run.summary.phases.find((entry) => entry.id === 5);
    expect(run.exitCode, JSON.stringify(phase)).toBe(0);
    expect(phase?.gate?.ok).toBe(true);
    expect(phase?.gate?.evidence.join('\n')).toMatch(/iceberg created, wrote and read a table in iceberg_catalog from vm\d \(rolled back\)/);
  });

  it('changes nothing on a second run', async () => {
    const run = await installCatalog();
    expect(run.exitCode).toBe(0);
    expect(changedTasks(run.events)).toEqual([]);
  });

  it('status shows the catalog reachable on every control-plane host', async () => {
    const status = await execa('node', [BIN, 'status', '-i', paths.inventory, '--json'], { reject: false, stdin: 'ignore' });
    const report = JSON.parse(String(status.stdout)) as { groups: Array<{ name: string; health: string; size: number; up: number }> };
    const group = report.groups.find((entry) => entry.name === 'iceberg-catalog');
    expect(group).toMatchObject({ health: 'healthy', size: 3, up: 3 });
  });
});
