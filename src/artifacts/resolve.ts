import { findRelease, releaseVersions, type ArtifactRelease } from '../catalog/artifacts.js';
import { DatalypticaError } from '../core/errors.js';
import type { ArtifactSource } from '../engine/resource.js';
import type { Inventory } from '../inventory/model.js';
import { bundleEntry, readBundleManifest, type BundleManifest } from './bundle-manifest.js';

/** A release as an install step takes it: the manifest's record and the file to push, with its sha256. */
export interface ResolvedRelease {
  release: ArtifactRelease;
  source: ArtifactSource;
}

export type ReleaseResolver = (component: string, version: string) => ResolvedRelease;

/**
 * Install reads releases from the inventory's bundle (artifacts.bundleDir): its bundle.json gives
 * the sha256 each host must end up with, whether the bundle came from the official downloads or
 * from the registries. The manifest is read once, on first use.
 */
export function bundleResolver(inventory: Inventory): ReleaseResolver {
  let manifest: BundleManifest | undefined;
  return (component, version) => {
    const release = findRelease(component, version);
    if (!release) {
      throw new DatalypticaError('E_ARTIFACT_VERSION', `${component} ${version} is not in the artifact manifest (known: ${releaseVersions(component).join(', ') || 'none'})`, {
        hint: `set versions.${component} to a known version`,
      });
    }
    const dir = inventory.artifacts?.bundleDir;
    if (!dir) throw new DatalypticaError('E_BUNDLE_MISSING', `${component} ${version} installs from a bundle, and the inventory sets no artifacts.bundleDir`, { hint: 'run datalyptica bundle --out DIR and set artifacts.bundleDir: DIR' });
    manifest ??= readBundleManifest(dir);
    const entry = bundleEntry(manifest, component, version);
    if (!entry) throw new DatalypticaError('E_BUNDLE_INCOMPLETE', `${dir}: the bundle has no ${component} ${version}`, { hint: `rebuild it: datalyptica bundle --out ${dir}` });
    return { release, source: { fileName: entry.file, sha256: entry.sha256 } };
  };
}
