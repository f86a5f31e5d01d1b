import { existsSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { busyMachine, COLD_PAUSE_MS, statusRun, type BusyMachine } from '../../bench/status-load.js';
import { stateDirFor } from '../../src/cli/command.js';
import { readState } from '../../src/engine/state.js';
import { loadLab } from '../../src/lab/context.js';
import { labStart, labStop } from '../../src/lab/lab.js';
import { labPaths } from '../../src/lab/paths.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * `datalyptica status` on the healthy lab while this machine is busy (one CPU-bound process per
 * core, as during a backup or a build): slow is not down. Each run comes after systemd's
 * user-manager stop delay, as a cron job's would, so each pays the cold first session that busy
 * machines used to miss. Then a powered-off host is still reported promptly, busy or not.
 */

const paths = labPaths();
const RUNS = 10;
const blocker =
  needRoot() ??
  (existsSync(paths.inventory) && Object.keys(readState(stateDirFor(paths.inventory)).phases['3'] ?? {}).length > 0 ? undefined : 'phase 3 is not installed on the lab (did 20-install-core fail?)');

describeLab('status on a busy machine', blocker, () => {
  let load: BusyMachine | undefined;

  afterAll(async () => {
    await load?.stop();
  });

  it('never calls the healthy lab down while the machine is busy (10 cold runs)', async () => {
    const before = await statusRun(paths.inventory);
    expect(before.status.verdict, 'the lab must be healthy before the machine is loaded').toBe('healthy');
    // Bounded: the children stop by themselves even if this test dies.
    load = busyMachine(Math.ceil((RUNS * (COLD_PAUSE_MS + 20_000)) / 1000));
    const seen: string[] = [];
    for (let run = 1; run <= RUNS; run++) {
      await new Promise((resolve) => setTimeout(resolve, COLD_PAUSE_MS));
      const { seconds, exitCode, status } = await statusRun(paths.inventory);
      seen.push(`run ${run}: ${status.verdict} (exit ${exitCode}) in ${seconds.toFixed(2)} s${status.unknown.length > 0 ? `, no answer in time: ${status.unknown.join(', ')}` : ''}`);
      const report = seen.join('\n');
      expect(exitCode, report).not.toBe(2);
      expect(status.verdict, report).not.toBe('down');
      // The lab is healthy: unknown would mean the bounds are too tight for a busy machine.
      expect(status.verdict, report).toBe('healthy');
    }
    await load.stop();
  });

  it('reports a powered-off host as unreachable within 2 s, busy machine or not', async () => {
    const lab = await loadLab();
    await labStop(lab, 'vm5');
    try {
      for (const busy of [false, true]) {
        const during = busy ? busyMachine(30) : undefined;
        try {
          const { exitCode, status } = await statusRun(paths.inventory);
          const vm5 = status.hosts.find((host) => host.name === 'vm5')!;
          const where = `${busy ? 'busy' : 'idle'}: ${vm5.reach} after ${vm5.durationMs} ms: ${vm5.error ?? ''}`;
          expect(vm5.reach, where).toBe('unreachable');
          // Two TCP looks (1 s, then 0.75 s), plus the margin of a loaded event loop.
          expect(vm5.durationMs, where).toBeLessThan(2500);
          expect(status.hosts.filter((host) => host.name !== 'vm5').every((host) => host.reach === 'answered'), where).toBe(true);
          // An unreachable host is positive evidence: degraded, not unknown.
          expect(exitCode, where).toBe(1);
        } finally {
          await during?.stop();
        }
      }
    } finally {
      await labStart(lab, 'vm5');
    }
  });
});
