import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RecordingIoHost } from '../../src/core/events.js';
import { runInstall, type RunSummary } from '../../src/engine/engine.js';
import type { Phase } from '../../src/engine/phase.js';
import { command, type CommandSpec } from '../../src/engine/resources/command.js';
import type { ResolvedInventory } from '../../src/inventory/normalise.js';
import { loadValidInventory } from '../../src/inventory/validate.js';
import { labStatus } from '../../src/lab/lab.js';
import { labPaths } from '../../src/lab/paths.js';
import { sshConnectionPool, type ConnectionPool } from '../../src/ssh/pool.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * Nothing hangs: over real SSH to a lab host, the engine runs a command that never returns (and
 * one that prints once, then stalls) with a short bound. The run fails within the bound plus a
 * margin, naming the host and the command, and nothing of the command is left on the host. Only
 * sleeps run; the engine's state goes to a scratch directory, not the lab's.
 */

const paths = labPaths();
const HOST = 'vm4';
/** Connecting, reading the host state and the kill (TERM, at most 5 s of grace) on top of the bound. */
const MARGIN_MS = 10_000;
const blocker = needRoot() ?? (existsSync(paths.inventory) && (await labStatus()).up ? undefined : 'the lab is not up (did 01-lab-up fail?)');

/** A phase of one guarded command on HOST; the guard's file never exists, so it always runs. */
function hangPhase(spec: Omit<CommandSpec, 'creates'>): Phase {
  return {
    id: 90,
    title: 'hang test',
    hosts: () => [HOST],
    steps: [{ name: 'hang', resources: () => [command({ ...spec, creates: '/var/tmp/datalyptica-hang-test-never' })] }],
  };
}

describeLab('bounded commands on the lab', blocker, () => {
  let inventory: ResolvedInventory;
  let pool: ConnectionPool;
  let scratch: string;

  /** Pids on HOST whose command line is exactly `sleep 3600` (procps may be absent: read /proc). */
  async function sleepers(): Promise<string[]> {
    const transport = await pool.get(HOST);
    const script = `for p in /proc/[0-9]*; do [ "$(tr '\\0' ' ' < $p/cmdline 2>/dev/null)" = 'sleep 3600 ' ] && echo \${p#/proc/}; done; true`;
    return (await transport.exec(script, { timeoutMs: 20_000 })).stdout.split('\n').filter(Boolean);
  }

  async function install(phase: Phase): Promise<{ summary: RunSummary; elapsedMs: number }> {
    const started = Date.now();
    const summary = await runInstall({ inventory, phases: [phase], io: new RecordingIoHost(), pool, stateDir: join(scratch, '.datalyptica') });
    return { summary, elapsedMs: Date.now() - started };
  }

  beforeAll(async () => {
    ({ inventory } = await loadValidInventory(paths.inventory));
    pool = sshConnectionPool(inventory, { acceptNewHostKeys: false });
    scratch = mkdtempSync(join(tmpdir(), 'datalyptica-hang-'));
    expect(await sleepers(), 'a sleep 3600 was already running on the host').toEqual([]);
  });

  afterAll(async () => {
    // Whatever failed above, leave no sleep of ours behind.
    const left = pool ? await sleepers().catch(() => []) : [];
    if (left.length > 0) await (await pool.get(HOST)).exec(`kill -KILL ${left.join(' ')}`, { timeoutMs: 20_000 });
    await pool?.closeAll();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('a command that never returns fails within its bound, naming host and command, and is killed on the host', async () => {
    const { summary, elapsedMs } = await install(hangPhase({ name: 'run sleep 3600', run: 'sleep 3600', timeoutMs: 5_000 }));
    expect(summary.ok).toBe(false);
    expect(summary.phases[0]!.failedHosts).toEqual([
      { host: HOST, error: `${HOST}: run sleep 3600 did not finish within 5 s (killed on the host); no output`, hint: expect.stringContaining('install --resume') },
    ]);
    expect(elapsedMs).toBeGreaterThanOrEqual(5_000);
    expect(elapsedMs).toBeLessThan(5_000 + MARGIN_MS);
    expect(await sleepers()).toEqual([]);
    console.log(`never-returning command failed after ${elapsedMs} ms (bound 5000 ms)`);
  });

  it('a command that prints once and then stalls fails on the idle bound, with its last output', async () => {
    const { summary, elapsedMs } = await install(hangPhase({ name: 'print, then stall', run: 'echo fetching; sleep 3600', idleTimeoutMs: 3_000, timeoutMs: 120_000 }));
    expect(summary.phases[0]!.failedHosts).toEqual([
      { host: HOST, error: `${HOST}: print, then stall printed nothing for 3 s (killed on the host); last output: fetching`, hint: expect.stringContaining('install --resume') },
    ]);
    expect(elapsedMs).toBeGreaterThanOrEqual(3_000);
    expect(elapsedMs).toBeLessThan(3_000 + MARGIN_MS);
    expect(await sleepers()).toEqual([]);
    console.log(`stalled command failed after ${elapsedMs} ms (idle bound 3000 ms)`);
  });
});
