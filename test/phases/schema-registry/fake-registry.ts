import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schemaRegistryModule } from '../../../phases/04-streaming/schema-registry/index.js';
import { modulePhase } from '../../../phases/shared/phase.js';
import { BUNDLE_MANIFEST } from '../../../src/artifacts/bundle-manifest.js';
import type { Inventory } from '../../../src/inventory/model.js';
import type { FakeHost } from '../../doubles/fake-host.js';
import { fakeDebianCluster } from '../fake-debian.js';

export const JAVA = '/usr/lib/jvm/java-17-openjdk-amd64/bin/java';
export const HOME = '/opt/datalyptica/schema-registry-7.8.0';
export const CONFIG = '/etc/datalyptica/schema-registry';

const phase = { ...modulePhase({ id: 4, title: 'Schema Registry', gateName: 'Schema Registry', modules: [schemaRegistryModule] }), gate: undefined };

/** A bundle holding a stand-in for the community archive: the fake host records the unpack, it does not run tar. */
function fakeBundle(): { dir: string; archive: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dl-sr-bundle-'));
  const archive = join(dir, 'confluent-community-7.8.0.tar.gz');
  writeFileSync(archive, 'stand-in for confluent-community-7.8.0.tar.gz');
  const sha256 = createHash('sha256').update('stand-in for confluent-community-7.8.0.tar.gz').digest('hex');
  const entry = { component: 'schema-registry', version: '7.8.0', file: 'confluent-community-7.8.0.tar.gz', sha256, bytes: 46, origin: 'test' };
  writeFileSync(join(dir, BUNDLE_MANIFEST), JSON.stringify({ format: 1, createdAt: new Date(0).toISOString(), source: 'official', artifacts: [entry] }));
  return { dir, archive };
}

/** The `<component>-current` link release() points with ln and mv, and checks with readlink. */
function simulateLinks(host: FakeHost): void {
  const links = new Map<string, string>();
  const [test, sh] = [host.overrides.get('dl_test')!, host.overrides.get('dl_sh')!];
  host.overrides.set('dl_test', (args, self) => {
    const check = /^\[ "\$\(readlink '([^']+)'\)" = '([^']+)' \]$/.exec(args[0] ?? '');
    return check ? { stdout: links.get(check[1]!) === check[2] ? 'yes\n' : 'no\n' } : test(args, self);
  });
  host.overrides.set('dl_sh', (args, self) => {
    const link = /^ln -sfn '([^']+)' '([^']+)\.tmp' && mv -Tf /.exec(args[0] ?? '');
    if (!link) return sh(args, self);
    links.set(link[2]!, link[1]!);
    return { stdout: '' };
  });
}

export function registryCluster() {
  const cluster = fakeDebianCluster();
  const bundle = fakeBundle();
  (cluster.inventory as Inventory).artifacts = { bundleDir: bundle.dir };
  for (const name of ['vm1', 'vm2']) {
    cluster.host(name).putFile(JAVA, 'java', { mode: '0755' });
    simulateLinks(cluster.host(name));
  }
  const install = () => cluster.install([phase], { artifacts: { fetch: async () => bundle.archive } });
  return { cluster, install };
}

/** key=value lines of a .properties file. */
export function properties(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}
