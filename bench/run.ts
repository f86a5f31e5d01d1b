/**
 * `npm run bench`: figures on the local lab (needs root; brings the lab up).
 *  1. phase 1 from fresh hosts, then a no-op run: wall time, SSH round trips per host;
 *  2. the same resources as an Ansible playbook (bench/ansible/phase1.yml), fresh then no-op;
 *  3. phases 2-3, the lab bundle (cold, warm), phase 4 and a no-op run of phases 1-4 (wall time,
 *     SSH round trips per host and phase), the start-up figures (bench/startup.ts) with `status` on the converged lab,
 *     `status` with the machine idle and busy (bench/status-load.ts), then the measured
 *     failover times for each service and fault kind.
 * `npm run bench -- --only startup|status|bundle [--runs N]` measures start-up, status or the lab bundle build alone,
 * against the lab as it is (read-only); `--only streaming` installs phase 4 on the lab as it is (a no-op when it is
 * there) and then times a no-op run of phases 1-4. Prints the figures; asserts nothing (speed is measured here, not in tests).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isDatalypticaError } from '../src/core/errors.js';
import { loadValidInventory } from '../src/inventory/validate.js';
import { ensureAnsible, runPlaybook, writeAnsibleProject } from './ansible.js';
import { benchBundle } from './bundle.js';
import { datalyptica, installPhase, installPhases, timed } from './cli.js';
import { benchFailover } from './failover.js';
import { benchStartup } from './startup.js';
import { benchStatusLoad } from './status-load.js';

const LAB_INVENTORY = 'lab/inventory.yaml';
const PARTS = ['startup', 'status', 'bundle', 'streaming'];

async function freshLab(): Promise<void> {
  await datalyptica(['lab', 'down']);
  await datalyptica(['lab', 'up']);
}

/** Phase 4 on hosts converged through phase 3 (the bundle built above), then a no-op run of phases 1-4. */
async function benchStreaming(print: (line: string) => void): Promise<void> {
  const first = await timed(() => installPhase(LAB_INVENTORY, 4));
  print('phase 4 (Kafka, Kafka Connect), datalyptica');
  print(`  first install: ${first.seconds.toFixed(1)} s wall, ${first.value.phaseSeconds.toFixed(1)} s in the engine (${first.value.changed} changed)`);
  const noop = await timed(() => installPhases(LAB_INVENTORY, '1-4'));
  const changed = [...noop.value.values()].reduce((sum, p) => sum + p.changed, 0);
  print(`no-op run of phases 1-4: ${noop.seconds.toFixed(1)} s wall (${changed} changed)`);
  for (const [id, figures] of noop.value) {
    print(`  phase ${id}: ${figures.phaseSeconds.toFixed(1)} s in the engine; SSH round trips per host: ${perHost(figures.roundTrips)}`);
  }
}

function perHost(roundTrips: Record<string, number>): string {
  return Object.entries(roundTrips).map(([host, count]) => `${host} ${count}`).join(', ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, runs: { type: 'string', default: '10' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`bench: --runs ${values.runs}: expected a positive whole number`);
  const print = (line: string) => console.log(line);
  if (values.only !== undefined) {
    if (!PARTS.includes(values.only)) throw new Error(`bench: --only ${values.only}: expected one of ${PARTS.join(', ')}`);
    if (values.only === 'startup') benchStartup({ runs, statusInventory: LAB_INVENTORY, print });
    else if (values.only === 'bundle') await benchBundle(LAB_INVENTORY, print);
    else if (values.only === 'streaming') await benchStreaming(print);
    else await benchStatusLoad(LAB_INVENTORY, print, runs);
    return;
  }

  console.log('datalyptica benchmark on the local lab (5 hosts)\n');
  await ensureAnsible(print);

  await freshLab();
  const first = await timed(() => installPhase(LAB_INVENTORY, 1));
  const noop = await timed(() => installPhase(LAB_INVENTORY, 1));
  console.log('phase 1, datalyptica');
  console.log(`  fresh hosts: ${first.seconds.toFixed(2)} s wall (${first.value.changed} changed)`);
  console.log(`  no-op run:   ${noop.seconds.toFixed(2)} s wall, ${noop.value.phaseSeconds.toFixed(2)} s in the engine (${noop.value.changed} changed)`);
  console.log(`  SSH round trips per host in the no-op run (health gate included): ${perHost(noop.value.roundTrips)}`);

  const { inventory } = await loadValidInventory(LAB_INVENTORY);
  const ansibleDir = await mkdtemp(join(tmpdir(), 'datalyptica-bench-ansible-'));
  await writeAnsibleProject(inventory, ansibleDir);
  await freshLab();
  const ansibleFirst = await runPlaybook(ansibleDir);
  const ansibleNoop = await runPlaybook(ansibleDir);
  console.log('phase 1, Ansible playbook (pipelining, 5 forks)');
  console.log(`  fresh hosts: ${ansibleFirst.seconds.toFixed(2)} s (${ansibleFirst.changed} changed)`);
  console.log(`  no-op run:   ${ansibleNoop.seconds.toFixed(2)} s (${ansibleNoop.changed} reported changed)`);
  console.log(`ratio, no-op run: Ansible / datalyptica = ${(ansibleNoop.seconds / noop.seconds).toFixed(1)}x`);
  console.log(`ratio, fresh hosts: Ansible / datalyptica = ${(ansibleFirst.seconds / first.seconds).toFixed(1)}x\n`);

  await freshLab();
  const core = await timed(() => datalyptica(['install', '-i', LAB_INVENTORY, '--phase', '1-3', '--yes']));
  console.log(`phases 1-3 from fresh hosts: ${core.seconds.toFixed(1)} s\n`);
  await benchBundle(LAB_INVENTORY, print);
  console.log('');
  await benchStreaming(print);
  console.log('');
  benchStartup({ runs, statusInventory: LAB_INVENTORY, print });
  console.log('');
  await benchStatusLoad(LAB_INVENTORY, print);
  console.log('');
  await benchFailover(LAB_INVENTORY, print);
}

main().catch((error: unknown) => {
  const hint = isDatalypticaError(error) && error.hint ? ` (${error.hint})` : '';
  console.error(`${error instanceof Error ? error.message : String(error)}${hint}`);
  process.exitCode = 1;
});
