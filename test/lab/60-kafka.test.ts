import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { connectRestUrl } from '../../phases/04-streaming/kafka-connect/config.js';
import { connectRest } from '../../phases/04-streaming/kafka-connect/rest.js';
import { kafkaBootstrap } from '../../phases/04-streaming/kafka/config.js';
import { kafkaFailover } from '../../phases/04-streaming/kafka/failover.js';
import { stateDirFor } from '../../src/cli/commands/run-options.js';
import { systemClock } from '../../src/core/clock.js';
import type { RunSummary } from '../../src/engine/engine.js';
import { readState } from '../../src/engine/state.js';
import { verifyWrites } from '../../src/failover/ops.js';
import { RateDriver } from '../../src/failover/rate-driver.js';
import { ReconnectingShell } from '../../src/failover/shell.js';
import { loadValidInventory } from '../../src/inventory/validate.js';
import { sshArgs } from '../../src/lab/hosts.js';
import { labPaths } from '../../src/lab/paths.js';
import { sshConnectionPool } from '../../src/ssh/pool.js';
import { AppProducer } from './kafka-app-producer.js';
import { labKitContext } from './kit-context.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * Phase 4 on the lab as a user runs it: `install --phase 1-4` from the lab bundle ends with every
 * gate passed; a second run changes nothing and pushes no artifact again; `status` shows Kafka
 * and Connect healthy; and a Kafka memory change (a copy of the inventory) restarts one broker
 * at a time, each caught up before the next, while an idempotent acks=all producer at a fixed
 * rate never fails and loses nothing. Prints the figures the README quotes.
 */

const paths = labPaths();
const BIN = new URL('../../bin/datalyptica.js', import.meta.url).pathname;
const stateDir = stateDirFor(paths.inventory);
const BUNDLE = '/var/cache/datalyptica/lab-bundle/bundle.json';

const blocker =
  needRoot() ??
  (existsSync(BUNDLE) ? undefined : `no lab bundle at ${BUNDLE} (build it: datalyptica bundle --from-registries)`) ??
  (readState(stateDir).phases['3'] !== undefined ? undefined : 'phase 3 is not installed on the lab (did 20-install-core fail?)');

type Event = { type: string; task?: string; host?: string; status?: string; stage?: string };

interface Run {
  exitCode: number;
  events: Event[];
  summary: RunSummary;
  wallMs: number;
  stderr: string;
}

/** `selection`: `--phase 1-4`, or `--only 4` for an inventory copy (its earlier phases are recorded under the original). */
async function install(inventoryFile: string, selection: string[]): Promise<Run> {
  const started = Date.now();
  const run = await execa('node', [BIN, 'install', '-i', inventoryFile, ...selection, '--yes', '--json'], { reject: false, stdin: 'ignore' });
  const events = String(run.stdout).split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Event);
  const summary = events.find((event) => event.type === 'summary') as unknown as RunSummary | undefined;
  if (!summary) throw new Error(`install printed no summary (exit ${run.exitCode}): ${String(run.stderr).slice(-2000)}`);
  return { exitCode: run.exitCode ?? 1, events, summary, wallMs: Date.now() - started, stderr: String(run.stderr).slice(-2000) };
}

const failures = (run: Run) =>
  run.summary.phases.map((phase) => `phase ${phase.id} ${phase.status}: ${phase.failedHosts.map((f) => `${f.host} ${f.error}`).join('; ')} ${phase.gate?.evidence.join(' | ') ?? ''}`).join('\n');

const phase4Ms = (run: Run) => run.summary.phases.find((phase) => phase.id === 4)?.durationMs;

/** `restart <host>` when a broker was restarted, `ready <host>` when it had caught up after it. */
function rolloutOrder(events: readonly Event[], restartTask: string): string[] {
  return events.flatMap((event) => {
    if (event.type === 'task' && event.task === restartTask && event.status === 'changed') return [`restart ${event.host}`];
    if (event.type === 'rollout' && event.stage === 'ready') return [`ready ${event.host}`];
    return [];
  });
}

async function heapOf(address: string): Promise<string> {
  const shown = await execa('ssh', [...sshArgs(paths), '-o', 'BatchMode=yes', `root@${address}`, "systemctl show kafka.service -p Environment | grep -o -- '-Xmx[0-9]*m'"], { reject: false });
  return String(shown.stdout).trim();
}

/** What one GET of a URL ends in: `HTTP <status>`, or the error that ended it (bounded). */
function outcome(url: string, options: RequestOptions = {}): Promise<string> {
  return new Promise((resolve) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(url, { agent: false, ...options }, (response) => {
      response.resume();
      resolve(`HTTP ${response.statusCode}`);
    });
    req.setTimeout(5_000, () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', (error: Error & { code?: string }) => resolve(`error ${error.code ?? error.message}`));
    req.end();
  });
}

describeLab('Kafka and Kafka Connect on the lab (phase 4)', blocker, () => {
  it('installs phases 1-4 from the bundle and every gate passes', async () => {
    const run = await install(paths.inventory, ['--phase', '1-4']);
    expect(run.exitCode, failures(run)).toBe(0);
    expect(run.summary.phases.map((phase) => [phase.id, phase.status, phase.gate?.ok])).toEqual([1, 2, 3, 4].map((id) => [id, 'ok', true]));
    const gate = run.summary.phases[3]!.gate!.evidence.join('\n');
    expect(gate).toMatch(/KRaft quorum: 3 voters, active controller node \d on every node/);
    expect(gate).toMatch(/produced with acks=all to _datalyptica_health-0 at offset \d+, read back/);
    expect(gate).toContain('plugins listed, FileStreamSink among them');
    expect(gate).toMatch(/FileStreamSink copied _datalyptica_connect_gate to vm5/);
    console.log(`figures: install --phase 1-4 ${(run.wallMs / 1000).toFixed(1)} s wall, phase 4 ${((phase4Ms(run) ?? 0) / 1000).toFixed(1)} s`);
  });

  it('changes nothing, restarts nothing and pushes no artifact on a second run', async () => {
    const run = await install(paths.inventory, ['--phase', '1-4']);
    expect(run.exitCode, failures(run)).toBe(0);
    const changed = run.events.filter((event) => event.type === 'task' && event.status === 'changed').map((event) => `${event.host} ${event.task}`);
    expect(changed).toEqual([]);
    expect(run.events.filter((event) => event.type === 'rollout')).toEqual([]);
    const artifacts = run.events.filter((event) => event.type === 'task' && event.task?.startsWith('artifact '));
    // Every host of phase 4 has the Kafka release and the JMX exporter, each already there.
    expect(artifacts.length).toBeGreaterThanOrEqual(8);
    expect(artifacts.filter((event) => event.status !== 'ok' && event.status !== 'unchanged')).toEqual([]);
    console.log(`figures: no-op install --phase 1-4 ${(run.wallMs / 1000).toFixed(1)} s wall, phase 4 ${((phase4Ms(run) ?? 0) / 1000).toFixed(1)} s`);
  });

  it('status shows Kafka and Kafka Connect healthy, with the quorum and partition counts', async () => {
    const run = await execa('node', [BIN, 'status', '-i', paths.inventory, '--json'], { reject: false, stdin: 'ignore' });
    const status = JSON.parse(String(run.stdout)) as { groups: Array<{ name: string; health: string; leader?: string }>; hosts: Array<{ name: string; services: Array<{ service: string; health: string; facts: string[] }> }> };
    const group = (name: string) => status.groups.find((candidate) => candidate.name === name);
    expect(group('kafka')).toMatchObject({ health: 'healthy' });
    expect(group('kafka')?.leader).toMatch(/^vm[123]$/);
    expect(group('kafka-connect')).toMatchObject({ health: 'healthy' });
    const brokers = status.hosts.flatMap((host) => host.services.filter((service) => service.service === 'kafka').map((service) => ({ host: host.name, ...service })));
    expect(brokers.map((broker) => broker.host)).toEqual(['vm1', 'vm2', 'vm3']);
    for (const broker of brokers) {
      expect(broker.facts).toEqual(expect.arrayContaining(['3 voters', 'brokers registered 3', 'under-replicated 0', 'offline 0']));
    }
    console.log(`figures: RSS per broker ${brokers.map((broker) => `${broker.host} ${broker.facts.find((fact) => fact.startsWith('RSS '))?.slice(4)}`).join(', ')}`);
  });

  it("Connect's REST API answers over HTTPS only to a client certificate of the cluster CA", async () => {
    const { inventory } = await loadValidInventory(paths.inventory);
    const context = await labKitContext(stateDir, inventory, new ReconnectingShell(() => sshConnectionPool(inventory, { acceptNewHostKeys: false, attempts: 1, connectTimeoutMs: 2_000 })));
    const base = connectRestUrl(context.topology, 'vm5');
    const root = await connectRest(`${base}/`, { ca: context.ca, ...(await context.clientCertificate()) }, 'GET', 5_000);
    expect(root.status).toBe(200);
    expect(JSON.parse(root.body)).toMatchObject({ version: '3.9.0' });
    // No client certificate: the handshake is refused (TLS 1.3 reports it on the first read).
    expect(await outcome(`${base}/`, { ca: context.ca })).toMatch(/^error /);
    // Plain HTTP to the TLS port gets no HTTP answer.
    expect(await outcome(`${base.replace('https:', 'http:')}/`)).toMatch(/^error /);
  });

  it('a memory change restarts one broker at a time while an acks=all producer never fails', async () => {
    const changed = join(paths.dir, 'inventory-kafka-rolling.yaml');
    // The lab's inventory may have a services: section already (a service disabled): merged into.
    const document = parseDocument(await readFile(paths.inventory, 'utf8'));
    document.setIn(['services', 'kafka', 'memoryMiB'], 640);
    await writeFile(changed, String(document));
    const { inventory } = await loadValidInventory(paths.inventory);
    const shell = new ReconnectingShell(() => sshConnectionPool(inventory, { acceptNewHostKeys: false, attempts: 1, connectTimeoutMs: 2_000 }));
    const context = await labKitContext(stateDir, inventory, shell);
    const target = { bootstrap: kafkaBootstrap(context.topology), tls: { ca: context.ca, ...(await context.clientCertificate()) } };
    const kit = await kafkaFailover.kit(context);
    try {
      // The kit makes the test topic (one partition, three replicas); a topic created moments ago may have no leader yet.
      await expect.poll(async () => kit.ready!().catch((error: Error) => error.message), { timeout: 30_000, interval: 1_000 }).toBeUndefined();
      const [testClient] = kit.clients(`rolling${Date.now()}`);
      const topic = testClient!.name.split(' to ').pop()!;
      const client = new AppProducer(target, topic, `rolling${Date.now()}`, systemClock);
      const driver = new RateDriver(client, { rateHz: 10, maxInFlight: 256 }, systemClock);
      await client.prepare();
      driver.start();
      const runs: Array<{ heap: string; run: Run; heaps: string[] }> = [];
      const brokers = inventory.hosts.filter((candidate) => kit.hosts.includes(candidate.name));
      // The producer stops (and its records are kept) whatever the installs did, so a failure shows both.
      const installed = (async () => {
        for (const [file, heap] of [[changed, '-Xmx384m'], [paths.inventory, '-Xmx256m']] as const) {
          const run = await install(file, ['--only', '4']);
          runs.push({ heap, run, heaps: await Promise.all(brokers.map((host) => heapOf(host.addresses.management))) });
          if (runs.at(-1)!.run.exitCode !== 0) return;
        }
      })().then(() => undefined, (error: unknown) => error);
      const installError = await installed;
      await systemClock.sleep(2_000);
      const records = await driver.stop(15_000);
      if (installError) throw installError;
      for (const { heap, run, heaps } of runs) {
        expect(run.exitCode, `${failures(run)}\n${run.stderr}`).toBe(0);
        expect(rolloutOrder(run.events, 'restart kafka.service')).toEqual(kit.hosts.flatMap((host) => [`restart ${host}`, `ready ${host}`]));
        expect(heaps).toEqual(brokers.map(() => heap));
        console.log(`figures: rolling restart of 3 brokers (${heap}) ${((phase4Ms(run) ?? 0) / 1000).toFixed(1)} s`);
      }
      const outcomes = records.reduce<Record<string, number>>((counts, record) => ({ ...counts, [record.outcome]: (counts[record.outcome] ?? 0) + 1 }), {});
      console.log(`figures: producer through the rollouts ${JSON.stringify(outcomes)}`);
      expect(records.filter((record) => record.outcome !== 'acknowledged').map((record) => `${record.seq} ${record.outcome} ${record.error ?? ''}`)).toEqual([]);
      expect(verifyWrites(records, await client.readBack()).lost).toEqual([]);
      await client.close();
      await testClient!.cleanup?.().catch(() => undefined);
      await testClient!.close();
    } finally {
      await shell.close();
      await rm(changed, { force: true });
    }
  });
});
