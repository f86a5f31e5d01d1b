import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactRelease, WheelhouseRecipe } from '../catalog/artifacts.js';
import type { BuildBundleOptions, BundleResult } from './bundle.js';
import type { BundleEntry } from './bundle-manifest.js';
import { verifyFile } from './checksum.js';
import type { BundleListener } from './events.js';
import { DEFAULT_REGISTRY_CACHE } from './maven.js';
import { buildWheelhouse, isPipDownloadLine } from './wheelhouse.js';

/**
 * One wheelhouse into the bundle: built beside its final name, its sha256 taken, then moved into
 * place, with the same events as a Maven build (its progress counts pip's downloads).
 */
export async function buildWheelhouseEntry(release: ArtifactRelease, recipe: WheelhouseRecipe, options: BuildBundleOptions, emit: BundleListener, result: BundleResult): Promise<BundleEntry> {
  const ref = { component: release.component, version: release.version, file: release.file };
  const started = Date.now();
  const dest = join(options.dir, release.file);
  const temp = `${dest}.build`;
  emit({ type: 'artifact-start', ...ref, action: 'build', from: `PyPI: wheels for python ${recipe.python} pinned by ${recipe.pins}` });
  let downloads = 0;
  // A failed build leaves no half-written archive beside the bundle's files.
  const built = await buildWheelhouse(release, recipe, options.cacheDir ?? DEFAULT_REGISTRY_CACHE, temp, {
    ...(options.pip ? { pip: options.pip } : {}),
    onLine: (line) => {
      if (!isPipDownloadLine(line)) return;
      downloads++;
      emit({ type: 'build-progress', ...ref, downloads, line: line.trim() });
    },
  }).catch(async (error: unknown) => {
    await rm(temp, { force: true });
    throw error;
  });
  // PyPI publishes no sum of a wheelhouse (it is ours): its sha256 is recorded, nothing to compare.
  const sha256 = await verifyFile(temp, undefined, `${release.component} ${release.version} (${release.file})`);
  const bytes = (await stat(temp)).size;
  await rename(temp, dest);
  result.built.push(ref);
  result.pipDownloads = (result.pipDownloads ?? 0) + built.downloads;
  emit({ type: 'artifact-done', ...ref, action: 'build', sha256, bytes, seconds: (Date.now() - started) / 1000, downloads: built.downloads });
  const fromSource = built.builtFromSource.length > 0 ? `; built here from sdists: ${built.builtFromSource.join(' ')}` : '';
  return { ...ref, sha256, bytes, origin: `PyPI: pip download --only-binary=:all: --python-version ${recipe.python} -r data/wheelhouse-pins/${recipe.pins}${fromSource}` };
}
