import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { etcdFailover } from '../../phases/02-coordination/etcd/failover.js';
import { postgresFailover } from '../../phases/03-data/postgresql/failover.js';
import { ETCD_PATHS } from '../../phases/02-coordination/etcd/config.js';
import { stateDirFor } from '../../src/cli/commands/run-options.js';
import { systemClock } from '../../src/core/clock.js';
import { readState } from '../../src/engine/state.js';
import { claimOverlaps, ClaimMonitor, type ClaimSample } from '../../src/failover/claims.js';
import { verifyWrites } from '../../src/failover/ops.js';
import { RateDriver } from '../../src/failover/rate-driver.js';
import { ReconnectingShell } from '../../src/failover/shell.js';
import { loadValidInventory } from '../../src/inventory/validate.js';
import { sshArgs } from '../../src/lab/hosts.js';
import { labPaths } from '../../src/lab/paths.js';
import { sshConnectionPool } from '../../src/ssh/pool.js';
import { labKitContext } from './kit-context.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * A configuration change on a converged etcd cluster restarts one member at a time, each
 * healthy again (its own status probe) before the next: the cluster keeps a leader and takes
 * writes throughout. The change is a hand edit of /etc/default/etcd on every member, which
 * install puts back.
 */

const paths = labPaths();
const BIN = new URL('../../bin/datalyptica.js', import.meta.url).pathname;
const stateDir = stateDirFor(paths.inventory);
const phase2Blocker = needRoot() ?? (readState(stateDir).phases['2'] !== undefined ? undefined : 'phase 2 is not installed on the lab (did 20-install-core fail?)');

/** The longest stretch of time without a sample in which some member said it leads. */
function longestLeaderless(samples: readonly ClaimSample[], claim: string): number {
  const led = samples.filter((sample) => sample.ok && sample.claims.includes(claim)).map((sample) => sample.at);
  let longest = 0;
  for (let i = 1; i < led.length; i++) longest = Math.max(longest, led[i]! - led[i - 1]!);
  return longest;
}

type Event = { type: string; task?: string; host?: string; status?: string; stage?: string };

async function install(inventoryFile: string, phase: number): Promise<{ exitCode: number; stderr: string; events: Event[] }> {
  const run = await execa('node', [BIN, 'install', '-i', inventoryFile, '--only', String(phase), '--yes', '--json'], { reject: false, stdin: 'ignore' });
  const events = String(run.stdout).split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Event);
  return { exitCode: run.exitCode ?? 1, stderr: String(run.stderr).slice(-2000), events };
}

/** `restart <host>` when a member was restarted (the task), `ready <host>` when its probe passed after it. */
function rolloutOrder(events: readonly Event[], restartTask: string): string[] {
  return events.flatMap((event) => {
    if (event.type === 'task' && event.task === restartTask && event.status === 'changed') return [`restart ${event.host}`];
    if (event.type === 'rollout' && event.stage === 'ready') return [`ready ${event.host}`];
    return [];
  });
}

describeLab('rolling restart of etcd on the lab', phase2Blocker, () => {
  it('restarts the members one at a time while the cluster keeps a leader and takes every write', async () => {
    const { inventory } = await loadValidInventory(paths.inventory);
    const shell = new ReconnectingShell(() => sshConnectionPool(inventory, { acceptNewHostKeys: false, attempts: 1, connectTimeoutMs: 2_000 }));
    const kit = await etcdFailover.kit(await labKitContext(stateDir, inventory, shell));
    const [client] = kit.clients(`rolling-${Date.now()}`);
    const driver = new RateDriver(client!, { rateHz: 10, maxInFlight: 64 }, systemClock);
    const monitor = new ClaimMonitor(kit.hosts, kit.probe, { intervalMs: 200, timeoutMs: 1_000 }, systemClock);
    try {
      for (const host of kit.hosts) {
        const address = inventory.hosts.find((candidate) => candidate.name === host)!.addresses.management;
        await execa('ssh', [...sshArgs(paths), '-o', 'BatchMode=yes', `root@${address}`, `echo '# edited by hand' >> ${ETCD_PATHS.envFile}`]);
      }
      monitor.start();
      driver.start();
      await systemClock.sleep(2_000);
      const run = await install(paths.inventory, 2);
      await systemClock.sleep(2_000);
      const records = await driver.stop(15_000);
      const samples = await monitor.stop();
      expect(run.exitCode, run.stderr).toBe(0);

      // The order of the run: restart a member, it is ready, then the next one.
      expect(rolloutOrder(run.events, 'restart etcd.service')).toEqual(kit.hosts.flatMap((host) => [`restart ${host}`, `ready ${host}`]));

      // Writes went on and none acknowledged was lost; one leader at a time, never none for long.
      const acknowledged = records.filter((record) => record.outcome === 'acknowledged');
      const gaps = acknowledged.slice(1).map((record, index) => record.startedAt - acknowledged[index]!.startedAt);
      expect(Math.max(...gaps)).toBeLessThan(3_000);
      expect(verifyWrites(records, await client!.readBack!()).lost).toEqual([]);
      expect(claimOverlaps(samples, kit.claim, 0)).toEqual([]);
      expect(longestLeaderless(samples, kit.claim)).toBeLessThan(3_000);
    } finally {
      await client!.cleanup?.().catch(() => undefined);
      await client!.close();
      await shell.close();
    }
  });

  it('changes nothing and restarts nothing when run again', async () => {
    const { exitCode, events } = await install(paths.inventory, 2);
    expect(exitCode).toBe(0);
    expect(events.filter((event) => event.type === 'task' && event.status === 'changed')).toEqual([]);
    expect(events.filter((event) => event.type === 'rollout')).toEqual([]);
  });
});

const PENDING_RESTART = 'restart PostgreSQL if Patroni says a setting needs it';

describeLab('rolling restart of PostgreSQL on the lab', phase2Blocker ?? (readState(stateDir).phases['3'] !== undefined ? undefined : 'phase 3 is not installed on the lab (did 20-install-core fail?)'), () => {
  it('restarts the members for a changed shared_buffers one at a time, losing no acknowledged write', async () => {
    // The same inventory with more memory for PostgreSQL (a setting it reads only at start), then back.
    const changed = join(paths.dir, 'inventory-rolling.yaml');
    const original = await readFile(paths.inventory, 'utf8');
    // Merged into the services: section the lab's inventory may already have (a service disabled).
    const document = parseDocument(original);
    document.setIn(['services', 'postgresql', 'memoryMiB'], 768);
    await writeFile(changed, document.toString());
    const { inventory } = await loadValidInventory(paths.inventory);
    const shell = new ReconnectingShell(() => sshConnectionPool(inventory, { acceptNewHostKeys: false, attempts: 1, connectTimeoutMs: 2_000 }));
    const kit = await postgresFailover.kit(await labKitContext(stateDir, inventory, shell));
    const clients = kit.clients(`rolling${Date.now()}`);
    const drivers = clients.map((client) => new RateDriver(client, { rateHz: 10, maxInFlight: 64 }, systemClock));
    try {
      for (const client of clients) await client.prepare?.();
      for (const driver of drivers) driver.start();
      for (const [file, memory] of [[changed, '192MB'], [paths.inventory, '128MB']] as const) {
        const run = await install(file, 3);
        expect(run.exitCode, run.stderr).toBe(0);
        const restarted = rolloutOrder(run.events, PENDING_RESTART);
        expect(restarted).toEqual(kit.hosts.flatMap((host) => [`restart ${host}`, `ready ${host}`]));
        const address = inventory.hosts[0]!.addresses.management;
        const shown = await execa('ssh', [...sshArgs(paths), '-o', 'BatchMode=yes', `root@${address}`, `su postgres -c "psql -XAtc 'SHOW shared_buffers'"`]);
        expect(shown.stdout.trim()).toBe(memory);
      }
      for (const [index, driver] of drivers.entries()) {
        const records = await driver.stop(15_000);
        expect(records.filter((record) => record.outcome === 'acknowledged').length).toBeGreaterThan(0);
        expect(verifyWrites(records, await clients[index]!.readBack!()).lost).toEqual([]);
      }
    } finally {
      for (const client of clients) {
        await client.cleanup?.().catch(() => undefined);
        await client.close();
      }
      await shell.close();
      await rm(changed, { force: true });
    }
  });
});
