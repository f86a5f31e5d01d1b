import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { ClusterPki } from '../../src/pki/cluster-pki.js';
import { execaOpenssl, type OpensslRunner } from '../../src/pki/openssl.js';
import { hostCertificate, tlsHosts } from '../../phases/shared/tls.js';
import { Topology } from '../../src/config/topology.js';
import { clientCertRequest } from '../../src/pki/plan.js';
import { nodeSecretFileSystem } from '../../src/secrets/store.js';
import { labInventory } from '../config/lab-inventory.js';

const inv = labInventory();

function counting(): OpensslRunner & { calls: string[] } {
  const calls: string[] = [];
  return { calls, run: (args, input) => (calls.push(args[0] ?? ''), execaOpenssl.run(args, input)) };
}

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function fresh(now = Date.now()) {
  const root = mkdtempSync(join(tmpdir(), 'datalyptica-pki-'));
  scratch.push(root);
  const stateDir = join(root, '.datalyptica');
  const openssl = counting();
  const clock = { now: () => now, sleep: async () => undefined };
  return { stateDir, openssl, pki: new ClusterPki(stateDir, 'lab', { fs: nodeSecretFileSystem, openssl, clock }) };
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('ClusterPki', () => {
  it('creates the CA once, keys 0600, and verifies the leaves it signs with openssl', async () => {
    const { pki, openssl } = fresh();
    const host = await pki.ensureCert(hostCertificate(new Topology(inv), 'vm1'));
    const client = await pki.ensureCert(clientCertRequest('patroni'));
    expect(host.changed && client.changed).toBe(true);
    expect(openssl.calls.filter((c) => c === 'req' || c === 'x509')).toHaveLength(5); // CA + 2 x (CSR + sign)
    expect(mode(join(pki.dir, 'ca.key'))).toBe(0o600);
    expect(mode(host.keyPath)).toBe(0o600);
    expect(mode(pki.dir)).toBe(0o700);
    const verify = await execa('openssl', ['verify', '-CAfile', pki.caCertPath, host.certPath, client.certPath]);
    expect(verify.stdout).toContain(`${host.certPath}: OK`);
    const cert = new X509Certificate(readFileSync(host.certPath));
    expect(cert.subjectAltName).toContain('IP Address:198.18.1.11');
    expect(cert.subjectAltName).toContain('IP Address:198.18.1.101');
    expect(cert.subjectAltName).toContain('DNS:vm1.lab.datalyptica.test');
  });

  it('reuses what is current: a second run calls openssl no more', async () => {
    const { pki, openssl, stateDir } = fresh();
    await pki.ensureCert(hostCertificate(new Topology(inv), 'vm2'));
    const calls = openssl.calls.length;
    const again = await new ClusterPki(stateDir, 'lab', { fs: nodeSecretFileSystem, openssl, clock: { now: Date.now, sleep: async () => undefined } }).ensureCert(hostCertificate(new Topology(inv), 'vm2'));
    expect(again.changed).toBe(false);
    expect(openssl.calls.length).toBe(calls);
  });

  it('reissues when the SANs change, not when only their order does', async () => {
    const { pki } = fresh();
    const request = hostCertificate(new Topology(inv), 'vm3');
    await pki.ensureCert(request);
    expect((await pki.ensureCert({ ...request, subjectAltNames: [...request.subjectAltNames].reverse() })).changed).toBe(false);
    const moved = await pki.ensureCert({ ...request, subjectAltNames: [...request.subjectAltNames, '198.18.1.200'] });
    expect(moved.changed).toBe(true);
    expect(new X509Certificate(moved.certPem).subjectAltName).toContain('IP Address:198.18.1.200');
  });

  it('reissues a leaf that expires within 30 days', async () => {
    const { pki, stateDir, openssl } = fresh();
    await pki.ensureCert(clientCertRequest('vip-manager'));
    const later = Date.now() + 800 * 86_400_000;
    const aged = new ClusterPki(stateDir, 'lab', { fs: nodeSecretFileSystem, openssl, clock: { now: () => later, sleep: async () => undefined } });
    expect((await aged.ensureCert(clientCertRequest('vip-manager'))).changed).toBe(true);
  });

  it('refuses a CA key that others can read, and a CA with a missing half', async () => {
    const { pki } = fresh();
    await pki.ensureCa();
    chmodSync(join(pki.dir, 'ca.key'), 0o644);
    await expect(pki.ensureCa()).rejects.toMatchObject({ code: 'E_PKI_KEY_MODE' });
    rmSync(join(pki.dir, 'ca.key'));
    await expect(pki.ensureCa()).rejects.toMatchObject({ code: 'E_PKI_CA_INCOMPLETE' });
  });

  it('refuses names that would break the openssl config', async () => {
    const { pki } = fresh();
    await expect(pki.ensureCert({ id: 'hosts/vm1', commonName: 'vm1$x', usage: 'server', subjectAltNames: [] })).rejects.toMatchObject({ code: 'E_PKI_NAME' });
    await expect(pki.ensureCert({ id: '../evil', commonName: 'vm1', usage: 'server', subjectAltNames: [] })).rejects.toMatchObject({ code: 'E_PKI_ID' });
  });
});

describe('certificate plan', () => {
  it('gives PostgreSQL hosts the PostgreSQL VIP and HAProxy hosts the HAProxy VIP', () => {
    const sans = hostCertificate(new Topology(inv), 'vm2').subjectAltNames;
    expect(sans).toEqual(expect.arrayContaining(['vm2', 'vm2.lab.datalyptica.test', '198.18.0.12', '198.18.1.12', '198.18.2.12', '127.0.0.1', '198.18.1.101', '198.18.1.100', 'postgres.lab.datalyptica.test']));
    // vm5: Kafka Connect presents the host certificate to the brokers.
    expect(tlsHosts(new Topology(inv))).toEqual(['vm1', 'vm2', 'vm3', 'vm5']);
    expect(clientCertRequest('patroni')).toMatchObject({ usage: 'client', subjectAltNames: [] });
  });
});
