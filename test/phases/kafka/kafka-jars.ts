import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Kafka's own jars, for tests that check rendered configs with Kafka's parser: a directory
 * of them in KAFKA_LIBS, else the Kafka release of the lab bundle (built by `datalyptica bundle
 * --from-registries`, which the lab and CI run before the lab tests; a second build reuses the
 * cache in /var/cache/datalyptica/lab-bundle), unpacked once per test run.
 */
const BUNDLE_RELEASE = '/var/cache/datalyptica/lab-bundle/kafka_2.13-3.9.0.tgz';

let cached: string | undefined | null = null;

export function kafkaLibs(): string | undefined {
  if (cached !== null) return cached;
  cached = undefined;
  const fromEnv = process.env.KAFKA_LIBS;
  if (fromEnv && existsSync(fromEnv)) cached = fromEnv;
  else if (existsSync(BUNDLE_RELEASE)) {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-libs-'));
    const unpacked = spawnSync('tar', ['-xzf', BUNDLE_RELEASE, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
    if (unpacked.status === 0 && existsSync(join(dir, 'libs'))) cached = join(dir, 'libs');
  }
  if (cached && !readdirSync(cached).some((name) => name.startsWith('kafka_2.13-'))) cached = undefined;
  // CI runs these tests a second time once the lab's bundle exists (.ci/run): there, they must not skip.
  if (!cached && process.env.DATALYPTICA_REQUIRE_KAFKA_JARS) throw new Error(`no Kafka jars: set KAFKA_LIBS or build ${BUNDLE_RELEASE} (datalyptica bundle --from-registries)`);
  return cached;
}

export const javaAvailable = spawnSync('java', ['-version']).status === 0;

/**
 * Runs a one-file Java program (the source launcher, Java 11+) against Kafka's jars with the
 * given properties file as its argument; returns its exit code and output.
 */
export function runJava(libs: string, source: string, className: string, args: string[]): { code: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-check-'));
  const file = join(dir, `${className}.java`);
  writeFileSync(file, source);
  const run = spawnSync('java', ['-cp', `${libs}/*`, file, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
}
