import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactRelease } from '../catalog/artifacts.js';
import { DatalypticaError, isDatalypticaError } from '../core/errors.js';
import { writeFileAtomic } from '../core/fs.js';
import type { ArtifactSources } from '../inventory/model.js';
import { lockBundleDir } from './bundle-lock.js';
import { BUNDLE_MANIFEST, readBundleManifest, type BundleEntry, type BundleManifest } from './bundle-manifest.js';
import { hashFile, parseChecksumFile, verifyFile, type ExpectedSum } from './checksum.js';
import { downloadFile, fetchText } from './download.js';
import type { BundleListener, ReleaseRef } from './events.js';
import { buildFromMaven, DEFAULT_REGISTRY_CACHE, isDownloadLine } from './maven.js';
import { downloadSource } from './sources.js';
import { buildWheelhouseEntry } from './wheelhouse-entry.js';
import type { PipRunner } from './wheelhouse.js';

export interface BuildBundleOptions {
  /** The bundle directory. */
  dir: string;
  /** The releases to have in it (neededReleases plus any asked for by name). */
  releases: readonly ArtifactRelease[];
  /** Assemble from the package registries (the lab) instead of the official downloads. */
  fromRegistries: boolean;
  /** The inventory's mirror and per-component overrides. */
  artifacts?: ArtifactSources;
  /** Maven's repository, pip's cache and work directories for registry builds. */
  cacheDir?: string;
  /** Runs pip for wheelhouse builds (tests pass a fake). */
  pip?: PipRunner;
  onEvent?: BundleListener;
  fetch?: typeof fetch;
  now?: () => Date;
}

export interface BundleResult {
  dir: string;
  source: BundleManifest['source'];
  /** Already there, verified: nothing fetched. */
  present: ReleaseRef[];
  downloaded: ReleaseRef[];
  built: ReleaseRef[];
  /** Bytes downloaded over HTTP by this run (registry builds count Maven's files in mavenDownloads). */
  downloadedBytes: number;
  mavenDownloads: number;
  /** Files pip downloaded for wheelhouses (0 when its cache had everything). */
  pipDownloads?: number;
  seconds: number;
}

/**
 * `datalyptica bundle`: makes dir hold every release asked for, each verified, and bundle.json
 * listing them with their sha256. A release already there with the recorded size and sha256 is
 * left alone, so a second run fetches and builds nothing. Each new file is checked before it is
 * moved into place, and bundle.json is rewritten atomically after each one, so an interrupted run
 * keeps what it finished (and its `.part` file, which the next run resumes). Entries for other
 * releases already in the bundle are kept: a bundle may carry the previous version to switch back to.
 */
export async function buildBundle(options: BuildBundleOptions): Promise<BundleResult> {
  const started = Date.now();
  const source: BundleManifest['source'] = options.fromRegistries ? 'registries' : 'official';
  await mkdir(options.dir, { recursive: true }).catch((error: Error) => {
    throw new DatalypticaError('E_FS_WRITE', `cannot create ${options.dir}: ${error.message}`, { hint: 'choose a writable --out directory' });
  });
  const unlock = await lockBundleDir(options.dir);
  try {
    return await fillBundle(options, source, started);
  } finally {
    await unlock();
  }
}

async function fillBundle(options: BuildBundleOptions, source: BundleManifest['source'], started: number): Promise<BundleResult> {
  const now = options.now ?? (() => new Date());
  const emit = options.onEvent ?? (() => undefined);
  const manifest = await existingManifest(options.dir, source);
  const result: BundleResult = { dir: options.dir, source, present: [], downloaded: [], built: [], downloadedBytes: 0, mavenDownloads: 0, pipDownloads: 0, seconds: 0 };
  emit({ type: 'bundle-start', dir: options.dir, source, releases: options.releases.map(ref) });
  for (const release of options.releases) {
    const found = await presentEntry(options.dir, manifest, release);
    if (found) {
      emit({ type: 'artifact-present', ...ref(release), sha256: found.sha256 });
      result.present.push(ref(release));
      continue;
    }
    try {
      const entry = await fetchRelease(release, options, emit, result);
      manifest.artifacts = [...manifest.artifacts.filter((e) => !(e.component === entry.component && e.version === entry.version)), entry];
      manifest.source = source;
      manifest.createdAt = now().toISOString();
      await writeFileAtomic(join(options.dir, BUNDLE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { backup: false });
    } catch (error) {
      if (isDatalypticaError(error)) emit({ type: 'artifact-failed', ...ref(release), code: error.code, message: error.message });
      throw error;
    }
  }
  if (!(await stat(join(options.dir, BUNDLE_MANIFEST)).catch(() => undefined))) {
    // Nothing needed, nothing there yet: an empty bundle is still a bundle `check` can read.
    await writeFileAtomic(join(options.dir, BUNDLE_MANIFEST), `${JSON.stringify({ ...manifest, createdAt: now().toISOString() }, null, 2)}\n`, { backup: false });
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

function ref(release: ArtifactRelease): ReleaseRef {
  return { component: release.component, version: release.version, file: release.file };
}

/** The bundle's manifest as it is, or a new empty one; an unreadable one is started afresh (its files are re-verified). */
async function existingManifest(dir: string, source: BundleManifest['source']): Promise<BundleManifest> {
  try {
    return readBundleManifest(dir);
  } catch {
    return { format: 1, createdAt: new Date(0).toISOString(), source, artifacts: [] };
  }
}

/** The recorded entry when its file is there with that size and sha256. */
async function presentEntry(dir: string, manifest: BundleManifest, release: ArtifactRelease): Promise<BundleEntry | undefined> {
  const entry = manifest.artifacts.find((e) => e.component === release.component && e.version === release.version && e.file === release.file);
  if (!entry) return undefined;
  const path = join(dir, entry.file);
  const size = await stat(path).then((s) => s.size, () => -1);
  if (size !== entry.bytes) return undefined;
  const { sha256 } = await hashFile(path, ['sha256']);
  return sha256 === entry.sha256 ? entry : undefined;
}

async function fetchRelease(release: ArtifactRelease, options: BuildBundleOptions, emit: BundleListener, result: BundleResult): Promise<BundleEntry> {
  const dest = join(options.dir, release.file);
  const label = `${release.component} ${release.version} (${release.file})`;
  const started = Date.now();
  const overridden = options.artifacts?.overrides?.[release.component]?.url !== undefined;
  // PyPI is where the Python services publish: official and lab bundles build their wheelhouse alike.
  if (release.registries?.kind === 'wheelhouse' && !overridden) return buildWheelhouseEntry(release, release.registries, options, emit, result);
  const recipe = options.fromRegistries && !overridden ? release.registries : undefined;
  if (options.fromRegistries && !recipe && !overridden) {
    throw new DatalypticaError('E_ARTIFACT_NO_RECIPE', `${release.component} ${release.version} cannot be assembled from the package registries`, {
      hint: `set artifacts.overrides.${release.component}.url (and its sha256) to a copy you have, or build the bundle without --from-registries where ${new URL(release.url).host} is reachable`,
    });
  }
  if (recipe && recipe.kind !== 'wheelhouse') {
    const cacheDir = options.cacheDir ?? DEFAULT_REGISTRY_CACHE;
    const coordinates = recipe.kind === 'maven' ? recipe.dependencies.join(' ') : recipe.artifact;
    const origin = `registries: maven ${coordinates}`;
    emit({ type: 'artifact-start', ...ref(release), action: 'build', from: `Maven Central: ${coordinates}` });
    const temp = `${dest}.build`;
    let downloads = 0;
    const built = await buildFromMaven(release, recipe, cacheDir, temp, (line) => {
      if (!isDownloadLine(line)) return;
      downloads++;
      emit({ type: 'build-progress', ...ref(release), downloads, line });
    });
    // A file that is Maven Central's own copy of the official release still has to match its published sum.
    const published = recipe.kind === 'maven-file' ? inlineSum(release) : undefined;
    const sha256 = await verifyFile(temp, published, label);
    const bytes = (await stat(temp)).size;
    await rename(temp, dest);
    result.built.push(ref(release));
    result.mavenDownloads += built.downloads;
    emit({ type: 'artifact-done', ...ref(release), action: 'build', sha256, bytes, seconds: (Date.now() - started) / 1000, downloads: built.downloads });
    return { ...ref(release), sha256, bytes, origin };
  }
  const plan = downloadSource(release, options.artifacts);
  const expected: ExpectedSum =
    'expected' in plan.checksum ? plan.checksum.expected : { algorithm: plan.checksum.algorithm, hex: parseChecksumFile(await fetchText(plan.checksum.url, unreachableHint(release), options.fetch), plan.checksum.algorithm, plan.checksum.url), from: plan.checksum.url };
  const part = `${dest}.part`;
  const resumeFrom = await stat(part).then((s) => s.size, () => 0);
  emit({ type: 'artifact-start', ...ref(release), action: 'download', from: plan.url, ...(resumeFrom > 0 ? { resumeFrom } : {}) });
  const downloaded = await downloadFile(plan.url, part, { onProgress: (progress) => emit({ type: 'download-progress', ...ref(release), ...progress }), ...(options.fetch ? { fetch: options.fetch } : {}) });
  const sha256 = await verifyFile(part, expected, label);
  await rename(part, dest);
  result.downloaded.push(ref(release));
  result.downloadedBytes += downloaded.bytes - downloaded.resumedFrom;
  emit({ type: 'artifact-done', ...ref(release), action: 'download', sha256, bytes: downloaded.bytes, seconds: (Date.now() - started) / 1000, resumedFrom: downloaded.resumedFrom });
  return { ...ref(release), sha256, bytes: downloaded.bytes, origin: plan.url };
}

function unreachableHint(release: ArtifactRelease): string {
  return `check that this machine reaches it; else set artifacts.mirror, or artifacts.overrides.${release.component} (url and sha256), or assemble the bundle with --from-registries`;
}

function inlineSum(release: ArtifactRelease): ExpectedSum | undefined {
  const published = release.checksum;
  if (!published) return undefined;
  if ('sha1' in published) return { algorithm: 'sha1', hex: published.sha1, from: 'the artifact manifest' };
  if ('sha256' in published) return { algorithm: 'sha256', hex: published.sha256, from: 'the artifact manifest' };
  if ('sha512' in published) return { algorithm: 'sha512', hex: published.sha512, from: 'the artifact manifest' };
  return undefined;
}
