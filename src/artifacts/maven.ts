import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactRelease, MavenFileRecipe, MavenRecipe } from '../catalog/artifacts.js';
import { DatalypticaError } from '../core/errors.js';
import { writeReproducibleTgz } from './reproducible-tgz.js';

/** Where registry builds keep Maven's repository, so a second build downloads nothing. */
export const DEFAULT_REGISTRY_CACHE = '/var/cache/datalyptica/registry-builds';

// Pinned so a build never depends on whichever plugin version Maven picks that day.
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
/** A cold Kafka build takes about 35 s here; this bound only catches a hung Maven. */
const MAVEN_TIMEOUT_MS = 20 * 60_000;

export interface MavenBuildResult {
  /** Files Maven downloaded into its repository for this build (0 when the cache had everything). */
  downloads: number;
}

/**
 * Assembles a release from Maven Central into `dest`: a throwaway pom depending on the
 * recipe's coordinates, `dependency:copy-dependencies` of their runtime closure into a clean
 * directory, then either the one file (a `maven-file` recipe) or a reproducible tgz of
 * `<top>/libs/*.jar` (a `maven` recipe, <top> being the release file's name less `.tgz`).
 */
export async function buildFromMaven(release: ArtifactRelease, recipe: MavenRecipe | MavenFileRecipe, cacheDir: string, dest: string, onLine?: (line: string) => void): Promise<MavenBuildResult> {
  // Per process: two bundle runs into different directories may share the cache.
  const work = join(cacheDir, 'work', `${release.component}-${release.version}-${process.pid}`);
  const libs = join(work, 'libs');
  await rm(work, { recursive: true, force: true });
  await mkdir(libs, { recursive: true });
  const coordinates = recipe.kind === 'maven' ? recipe.dependencies : [recipe.artifact];
  await writeFile(join(work, 'pom.xml'), throwawayPom(release, coordinates));
  const args = [
    '-B',
    '-C', // a download whose checksum Maven Central contradicts fails the build
    `-Dmaven.repo.local=${join(cacheDir, 'm2')}`,
    '-f',
    join(work, 'pom.xml'),
    `${DEPENDENCY_PLUGIN}:copy-dependencies`,
    '-DincludeScope=runtime',
    `-DoutputDirectory=${libs}`,
    ...(recipe.kind === 'maven-file' ? ['-DexcludeTransitive=true'] : []),
  ];
  const downloads = await runMaven(args, work, `${release.component} ${release.version}`, onLine);
  const jars = (await readdir(libs)).filter((name) => name.endsWith('.jar')).sort();
  if (recipe.kind === 'maven-file') {
    const wanted = jarName(recipe.artifact);
    if (!jars.includes(wanted)) throw new DatalypticaError('E_REGISTRY_BUILD', `${release.component} ${release.version}: Maven copied no ${wanted}`, { hint: `check the recipe's coordinate ${recipe.artifact}` });
    await copyFile(join(libs, wanted), dest);
  } else {
    const top = release.file.replace(/\.(tgz|tar\.gz)$/, '');
    await writeReproducibleTgz(dest, jars.map((jar) => ({ name: `${top}/libs/${jar}`, source: join(libs, jar) })));
  }
  await rm(work, { recursive: true, force: true });
  return { downloads };
}

/** The pom whose only purpose is to make Maven resolve the coordinates' runtime closure. */
export function throwawayPom(release: ArtifactRelease, coordinates: readonly string[]): string {
  const dependencies = coordinates.map((coordinate) => {
    const [groupId, artifactId, version, type] = coordinate.split(':');
    if (!groupId || !artifactId || !version) throw new DatalypticaError('E_REGISTRY_RECIPE', `${release.component} ${release.version}: "${coordinate}" is not groupId:artifactId:version`, { hint: 'fix the recipe in src/catalog/artifacts.ts' });
    return `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version>${type ? `<type>${type}</type>` : ''}</dependency>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>datalyptica.bundle</groupId>',
    `  <artifactId>${release.component}</artifactId>`,
    `  <version>${release.version}</version>`,
    '  <packaging>pom</packaging>',
    '  <dependencies>',
    ...dependencies,
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

/** Maven's transfer log line for a finished download (`[INFO] Downloaded from central: URL (12 kB at ...)`). */
export function isDownloadLine(line: string): boolean {
  return /^(\[INFO\] )?Downloaded from /.test(line);
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function jarName(artifact: string): string {
  const [, artifactId, version, type] = artifact.split(':');
  return `${artifactId}-${version}.${type ?? 'jar'}`;
}

/** Runs mvn; returns how many files it downloaded. A failure names Maven's own error lines. */
async function runMaven(args: string[], cwd: string, label: string, onLine?: (line: string) => void): Promise<number> {
  const { execa } = await import('execa');
  let downloads = 0;
  const lines: string[] = [];
  const child = execa('mvn', args, { cwd, all: true, reject: false, timeout: MAVEN_TIMEOUT_MS, stdin: 'ignore', env: { MAVEN_OPTS: process.env.MAVEN_OPTS ?? '-Xmx512m' } });
  child.all?.setEncoding('utf8');
  let pending = '';
  child.all?.on('data', (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const raw of complete) {
      const line = stripAnsi(raw);
      if (isDownloadLine(line)) downloads++;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      onLine?.(line);
    }
  });
  const result = await child;
  if (result.failed) {
    const missing = (result as { code?: string }).code === 'ENOENT';
    if (missing) throw new DatalypticaError('E_MAVEN_MISSING', 'mvn is not installed on this machine', { hint: 'install Maven (apt-get install maven) to assemble the bundle from the registries' });
    const errors = lines.filter((line) => line.startsWith('[ERROR]')).slice(0, 3).join(' ');
    const why = result.timedOut ? `no result within ${MAVEN_TIMEOUT_MS / 60_000} min` : errors || `exit ${result.exitCode}`;
    throw new DatalypticaError('E_REGISTRY_BUILD', `${label}: the Maven build failed: ${why}`, { hint: 'check that Maven Central is reachable and the recipe coordinates exist' });
  }
  return downloads;
}
