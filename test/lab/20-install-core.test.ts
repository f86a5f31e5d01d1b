import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { stateDirFor } from '../../src/cli/commands/run-options.js';
import { RecordingIoHost } from '../../src/core/events.js';
import type { RunSummary } from '../../src/engine/engine.js';
import { labStatus, labUp } from '../../src/lab/lab.js';
import { labPaths } from '../../src/lab/paths.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * Phases 1-3 on the lab as a user runs them: `install --phase 1-3` passes every gate, a second
 * run changes nothing, and PostgreSQL takes writes and serves reads through the PostgreSQL VIP
 * and through HAProxy (5000 read-write, 5001 read-only), with TLS verified against the cluster CA.
 * Leaves the cluster installed for the status and failover tests.
 */

const paths = labPaths();
const BIN = new URL('../../bin/datalyptica.js', import.meta.url).pathname;
const stateDir = stateDirFor(paths.inventory);

interface Run {
  exitCode: number;
  events: Array<{ type: string; status?: string; task?: string; host?: string }>;
  summary: RunSummary;
}

async function install(): Promise<Run> {
  const run = await execa('node', [BIN, 'install', '-i', paths.inventory, '--phase', '1-3', '--yes', '--json'], { reject: false, stdin: 'ignore' });
  const lines = String(run.stdout).split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { type: string });
  const summary = lines.find((line) => line.type === 'summary') as unknown as RunSummary | undefined;
  if (!summary) throw new Error(`install printed no summary (exit ${run.exitCode}): ${String(run.stderr).slice(-2000)}`);
  return { exitCode: run.exitCode ?? 1, events: lines, summary };
}

const failures = (run: Run) =>
  run.summary.phases.map((phase) => `phase ${phase.id} ${phase.status}: ${phase.failedHosts.map((f) => `${f.host} ${f.error}`).join('; ')} ${phase.gate?.evidence.join(' | ') ?? ''}`).join('\n');

describeLab('install phases 1-3 on the lab', needRoot(), () => {
  let scratch: string;
  let inventory: { vips: { haproxy: string; postgresql: string }; cluster: { domain: string } };

  /** psql from this machine as the superuser; the password goes through a 0600 .pgpass file. */
  async function psql(host: string, address: string, port: number, sql: string): Promise<string> {
    const conninfo = `host=${host} hostaddr=${address} port=${port} dbname=postgres user=postgres sslmode=verify-full sslrootcert=${join(stateDir, 'pki/ca.crt')} connect_timeout=5`;
    const result = await execa('psql', [conninfo, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', sql], { env: { PGPASSFILE: join(scratch, 'pgpass') }, reject: false });
    if (result.exitCode !== 0) throw new Error(`psql ${address}:${port}: ${String(result.stderr)}`);
    return String(result.stdout).trim();
  }

  beforeAll(async () => {
    if (!(await labStatus()).up) await labUp({ io: new RecordingIoHost() });
    inventory = parse(readFileSync(paths.inventory, 'utf8'));
    scratch = mkdtempSync(join(tmpdir(), 'datalyptica-install-'));
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('installs phases 1-3 and every health gate passes', async () => {
    const run = await install();
    expect(run.exitCode, failures(run)).toBe(0);
    expect(run.summary.phases.map((phase) => [phase.id, phase.status, phase.gate?.ok])).toEqual([
      [1, 'ok', true],
      [2, 'ok', true],
      [3, 'ok', true],
    ]);
    const gate3 = run.summary.phases[2]!.gate!.evidence.join('\n');
    // Members in name order; which one leads depends on earlier runs (failover tests move it).
    for (const role of ['leader running', 'sync standby running lag 0 MB', 'replica running lag 0 MB']) expect(gate3).toContain(role);
    expect(gate3).toContain('answers as the primary');
  });

  it('changes nothing on a second run', async () => {
    const run = await install();
    expect(run.exitCode, failures(run)).toBe(0);
    const changed = run.events.filter((event) => event.type === 'task' && event.status === 'changed').map((event) => `${event.host} ${event.task}`);
    expect(changed).toEqual([]);
    expect(run.summary.phases.map((phase) => phase.changed)).toEqual([0, 0, 0]);
  });

  it('writes and reads through the PostgreSQL VIP and through HAProxy', async () => {
    const secrets = JSON.parse(readFileSync(join(stateDir, 'secrets.json'), 'utf8')).secrets as Record<string, string>;
    writeFileSync(join(scratch, 'pgpass'), `*:*:*:postgres:${secrets['postgresql.superuser']}\n`, { mode: 0o600 });
    const domain = inventory.cluster.domain;
    const vip = { host: `postgres.${domain}`, address: inventory.vips.postgresql, port: 5432 };
    const lb = { host: `lb.${domain}`, address: inventory.vips.haproxy };
    const token = `${Date.now()}`;

    await psql(vip.host, vip.address, vip.port, 'CREATE TABLE IF NOT EXISTS lab_install_test (via text PRIMARY KEY, token text)');
    await psql(vip.host, vip.address, vip.port, `INSERT INTO lab_install_test VALUES ('vip', '${token}') ON CONFLICT (via) DO UPDATE SET token = EXCLUDED.token`);
    await psql(lb.host, lb.address, 5000, `INSERT INTO lab_install_test VALUES ('haproxy', '${token}') ON CONFLICT (via) DO UPDATE SET token = EXCLUDED.token`);

    const query = `SELECT string_agg(via || '=' || token, ',' ORDER BY via) FROM lab_install_test`;
    const both = `haproxy=${token},vip=${token}`;
    expect(await psql(lb.host, lb.address, 5000, query)).toBe(both);
    expect(await psql(vip.host, vip.address, vip.port, `${query}`)).toBe(both);
    expect(await psql(vip.host, vip.address, vip.port, 'SELECT pg_is_in_recovery()')).toBe('f');
    // 5001 reaches a replica: the sync standby has the rows at once, the async one within moments.
    await expect.poll(() => psql(lb.host, lb.address, 5001, query), { timeout: 10_000 }).toBe(both);
    expect(await psql(lb.host, lb.address, 5001, 'SELECT pg_is_in_recovery()')).toBe('t');
  });
});
