import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdContext } from '../../phases/02-coordination/etcd/config.js';
import { patroniContext, POSTGRES_PATHS } from '../../phases/03-data/postgresql/config.js';
import { Topology } from '../../src/config/topology.js';
import { Templates } from '../../src/engine/templates.js';
import { ClusterPki } from '../../src/pki/cluster-pki.js';
import { hostCertificate } from '../../phases/shared/tls.js';
import { clientCertRequest } from '../../src/pki/plan.js';
import { hasBinary } from './binaries.js';
import { LAB_SECRETS, labInventory } from './lab-inventory.js';

/**
 * The real thing on loopback: three etcd members started from the rendered environment files
 * with certificates from ClusterPki, then etcdctl and Patroni's validator against them. The
 * application network is 127.0.0.0/24 here (members 127.0.0.11-13), so nothing leaves the machine.
 */
const inv = labInventory({ appBase: '127.0.0.', etcdPorts: { client: 32379, peer: 32380 } });
const members = ['vm1', 'vm2', 'vm3'];
const work = mkdtempSync(join(tmpdir(), 'datalyptica-etcd-'));
const pki = new ClusterPki(join(work, 'state'), 'lab');
const templates = new Templates();
const processes: ResultPromise[] = [];
let tls: { ca: string; cert: string; key: string };

const endpoints = members.map((_, i) => `https://127.0.0.1${i + 1}:32379`).join(',');

function etcdctl(args: string[], options: { cert?: boolean; api?: '2' | '3' } = {}) {
  const api = options.api ?? '3';
  const auth = options.cert === false ? [] : api === '3' ? ['--cert', tls.cert, '--key', tls.key] : ['--cert-file', tls.cert, '--key-file', tls.key];
  const ca = api === '3' ? ['--cacert', tls.ca] : ['--ca-file', tls.ca];
  return execa('etcdctl', ['--endpoints', endpoints, ...ca, ...auth, ...args], { env: { ETCDCTL_API: api }, reject: false, timeout: 15_000 });
}

/** Reads KEY=VALUE lines of the rendered environment file, pointing its paths into the scratch directory. */
function environment(text: string, host: string, files: { cert: string; key: string; ca: string }): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^(ETCD_[A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
  }
  env.ETCD_DATA_DIR = join(work, `data-${host}`);
  for (const key of ['ETCD_CERT_FILE', 'ETCD_PEER_CERT_FILE']) env[key] = files.cert;
  for (const key of ['ETCD_KEY_FILE', 'ETCD_PEER_KEY_FILE']) env[key] = files.key;
  for (const key of ['ETCD_TRUSTED_CA_FILE', 'ETCD_PEER_TRUSTED_CA_FILE']) env[key] = files.ca;
  // The members listen on 127.0.0.1x; plain 127.0.0.1 would be shared by all three.
  env.ETCD_LISTEN_CLIENT_URLS = env.ETCD_LISTEN_CLIENT_URLS!.split(',')[0]!;
  return env;
}

describe.skipIf(!hasBinary('etcd') || !hasBinary('etcdctl'))('a rendered three-member etcd cluster', () => {
  beforeAll(async () => {
    const ca = await pki.ensureCa();
    const client = await pki.ensureCert(clientCertRequest('patroni'));
    tls = { ca: ca.certPath, cert: client.certPath, key: client.keyPath };
    for (const host of members) {
      const cert = await pki.ensureCert(hostCertificate(new Topology(inv), host));
      const text = templates.render('etcd/etcd.env.hbs', etcdContext(new Topology(inv), host));
      const env = environment(text, host, { cert: cert.certPath, key: cert.keyPath, ca: ca.certPath });
      // extendEnv false: no ETCD_* of this machine leaks in.
      const child = execa('etcd', [], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, extendEnv: false, reject: false, all: true });
      processes.push(child);
    }
    for (let attempt = 0; attempt < 60; attempt++) {
      const health = await etcdctl(['endpoint', 'health']);
      if (health.exitCode === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('etcd cluster did not become healthy');
  }, 30_000);

  afterAll(async () => {
    for (const child of processes) child.kill('SIGTERM');
    await Promise.all(processes.map((child) => child.catch(() => undefined)));
    rmSync(work, { recursive: true, force: true });
  });

  it('has three healthy members and one leader', async () => {
    const status = await etcdctl(['endpoint', 'status', '--write-out', 'json']);
    expect(status.exitCode).toBe(0);
    const rows = JSON.parse(status.stdout) as Array<{ Status: { leader: string; header: { member_id: string } } }>;
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((row) => row.Status.leader)).size).toBe(1);
    expect(rows.filter((row) => row.Status.leader === row.Status.header.member_id)).toHaveLength(1);
  });

  it('round-trips a put/get over the v3 API', async () => {
    expect((await etcdctl(['put', '/datalyptica/gate', 'ok'])).exitCode).toBe(0);
    expect((await etcdctl(['get', '--print-value-only', '/datalyptica/gate'])).stdout.trim()).toBe('ok');
  });

  it('serves the v2 API that vip-manager 1.x reads', async () => {
    expect((await etcdctl(['set', '/service/lab/leader', 'vm1'], { api: '2' })).exitCode).toBe(0);
    expect((await etcdctl(['get', '/service/lab/leader'], { api: '2' })).stdout.trim()).toBe('vm1');
  });

  it('refuses a client without a certificate', async () => {
    const result = await etcdctl(['--dial-timeout', '2s', '--command-timeout', '2s', 'get', '/datalyptica/gate'], { cert: false });
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).not.toContain('ok');
  }, 15_000);

  it.skipIf(!hasBinary('patroni') || !hasBinary(`/usr/lib/postgresql/15/bin/postgres`))('satisfies patroni --validate-config', async () => {
    const config = templates
      .render('patroni/config.yml.hbs', patroniContext(new Topology(inv), 'vm2', LAB_SECRETS.patroni))
      .replaceAll(`${POSTGRES_PATHS.dataRoot}/15`, join(work, 'pgdata'));
    const path = join(work, 'patroni.yml');
    writeFileSync(path, config, { mode: 0o600 });
    const result = await execa('patroni', ['--validate-config', path], { reject: false, timeout: 30_000 });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });
});
