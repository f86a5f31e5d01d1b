import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datalyptica, timed } from './cli.js';

interface BundleFigures {
  built: unknown[];
  present: unknown[];
  mavenDownloads: number;
  seconds: number;
}

/**
 * `bundle --from-registries` for the lab's releases, in a scratch directory so nothing the lab
 * uses is touched: cold (empty Maven repository, empty bundle), warm Maven (the repository kept,
 * the bundle emptied: the build runs, downloads nothing), and fully cached (everything there:
 * nothing built). The releases are named explicitly so the figures do not depend on which modules
 * are registered yet. Prints whether the cold and warm builds recorded the same sha256.
 */
export async function benchBundle(inventory: string, print: (line: string) => void): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'datalyptica-bench-bundle-'));
  const out = join(scratch, 'bundle');
  const args = ['bundle', '--from-registries', '-i', inventory, '--out', out, '--cache-dir', join(scratch, 'cache'), '--release', 'kafka@3.9.0', 'jmx-exporter@1.0.1', '--json'];
  const run = async () => {
    const { seconds, value } = await timed(() => datalyptica(args));
    const lines = value.trim().split('\n').map((line) => JSON.parse(line) as { type: string; sha256?: string; file?: string });
    const result = lines.at(-1) as unknown as BundleFigures;
    const sums = lines.filter((line) => line.type === 'artifact-done' || line.type === 'artifact-present').map((line) => `${line.file} ${line.sha256}`);
    return { seconds, result, sums };
  };
  try {
    print('bundle --from-registries (kafka 3.9.0 + jmx-exporter 1.0.1, Maven Central)');
    const cold = await run();
    print(`  cold (empty caches):         ${cold.seconds.toFixed(1)} s wall, ${cold.result.built.length} built, ${cold.result.mavenDownloads} files from Maven Central`);
    await rm(out, { recursive: true, force: true });
    const warm = await run();
    print(`  warm Maven (bundle emptied): ${warm.seconds.toFixed(1)} s wall, ${warm.result.built.length} built, ${warm.result.mavenDownloads} files from Maven Central`);
    const cached = await run();
    print(`  fully cached:                ${cached.seconds.toFixed(1)} s wall, ${cached.result.built.length} built, ${cached.result.present.length} present`);
    print(`  reproducible: ${cold.sums.join(', ') === warm.sums.join(', ') ? 'yes, the same sha256 from an empty and a warm repository' : `NO: cold ${cold.sums.join(', ')} vs warm ${warm.sums.join(', ')}`}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
