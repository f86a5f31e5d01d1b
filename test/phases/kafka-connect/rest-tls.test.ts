import { execSync } from 'node:child_process';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectTlsPaths } from '../../../phases/04-streaming/kafka-connect/config.js';
import { restListenerTls } from '../../../phases/04-streaming/kafka-connect/steps.js';
import { Topology } from '../../../src/config/topology.js';
import type { PhaseContext } from '../../../src/engine/phase.js';
import type { Resource } from '../../../src/engine/resource.js';
import { programLayout } from '../../../src/engine/resources/index.js';
import { labInventory } from '../../config/lab-inventory.js';
import { javaAvailable } from '../kafka/kafka-jars.js';
import { testPem } from '../kafka/pem.js';

const PASSWORD = 'storePasswordForTheTest0123456789';
const pem = testPem();
const ctx = { cluster: { pki: { ensureCa: async () => ({ certPem: pem.ca }) } } } as unknown as PhaseContext;
const layout = programLayout(new Topology(labInventory()).on('kafka-connect', 'vm5'), { platform: { osFamily: 'debian' } });

/** A command resource's shell text: what it runs (its change detail) and its guard (its probe). */
function shellOf(resource: Resource): { run: string; unless: string } {
  const detail = resource.check('no\n');
  const run = detail.status === 'change' ? (detail.detail ?? '').replace(/^run: /, '') : '';
  const unless = execSync(`printf '%s' ${resource.probe![0]!.replace(/^dl_test /, '')}`, { encoding: 'utf8' });
  return { run, unless };
}

const sh = (command: string) => {
  try {
    execSync(command, { stdio: 'pipe', shell: '/bin/sh' });
    return 0;
  } catch (error) {
    return (error as { status: number }).status;
  }
};

describe('Kafka Connect REST listener stores', () => {
  it('are built from root-only files, the password never on a command line', async () => {
    const resources = await restListenerTls(ctx, layout, connectTlsPaths('/etc/datalyptica/kafka-connect'), pem, PASSWORD);
    expect(resources.map((resource) => resource.name)).toEqual([
      'directory /etc/datalyptica/kafka-connect/tls',
      'file /etc/datalyptica/kafka-connect/tls/ca.crt',
      'file /etc/datalyptica/kafka-connect/tls/rest.pem',
      'file /etc/datalyptica/kafka-connect/tls/store.password',
      'PKCS12 key store /etc/datalyptica/kafka-connect/tls/rest-keystore.p12',
      'PKCS12 trust store /etc/datalyptica/kafka-connect/tls/rest-truststore.p12',
    ]);
    for (const store of resources.slice(4)) {
      const { run, unless } = shellOf(store);
      expect(run).not.toContain(PASSWORD);
      expect(run).toMatch(/-passout file:|-storepass:file /);
      expect(run).toContain("chgrp 'kafka-connect'");
      expect(run).toContain('chmod 0640');
      expect(unless).toMatch(/-nt '\/etc\/datalyptica\/kafka-connect\/tls\/store.password' \]$/);
    }
  });

  // The real openssl and keytool, in a temporary directory: each store is built once, then
  // again only when a source is newer.
  it.skipIf(!javaAvailable)('build with openssl and keytool, and are rebuilt only when a source changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'connect-tls-'));
    const paths = connectTlsPaths(dir);
    const group = execSync('id -gn', { encoding: 'utf8' }).trim();
    const local = { ...layout, group, runtime: { ...layout.runtime, home: execSync("dirname $(dirname $(readlink -f $(command -v keytool)))", { encoding: 'utf8' }).trim() } } as typeof layout;
    const resources = await restListenerTls(ctx, local, paths, pem, PASSWORD);
    execSync(`mkdir -p ${paths.dir}`);
    writeFileSync(paths.ca, pem.ca);
    writeFileSync(paths.pem, `${pem.key}${pem.certificate}`);
    writeFileSync(paths.password, PASSWORD);
    for (const store of resources.slice(4)) {
      const { run, unless } = shellOf(store);
      expect(sh(unless)).not.toBe(0);
      expect(sh(run)).toBe(0);
      expect(sh(unless)).toBe(0);
    }
    expect(sh(`keytool -list -storetype PKCS12 -keystore ${paths.truststore} -storepass:file ${paths.password} | grep -q trustedCertEntry`)).toBe(0);
    expect(sh(`openssl pkcs12 -in ${paths.keystore} -passin file:${paths.password} -nokeys -noout`)).toBe(0);
    // A new certificate (a newer PEM) makes the key store's guard fail: it is rebuilt.
    const later = new Date(Date.now() + 5_000);
    utimesSync(paths.pem, later, later);
    expect(sh(shellOf(resources[4]!).unless)).not.toBe(0);
    expect(sh(shellOf(resources[5]!).unless)).toBe(0);
  }, 60_000);
});
