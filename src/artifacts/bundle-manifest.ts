import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatalypticaError } from '../core/errors.js';

/** The file every bundle directory holds: what is in it, with each file's sha256. */
export const BUNDLE_MANIFEST = 'bundle.json';

export interface BundleEntry {
  /** The artifact manifest's component id (`kafka`, `jmx-exporter`). */
  component: string;
  version: string;
  /** The file's name inside the bundle directory. */
  file: string;
  sha256: string;
  bytes: number;
  /** Where it came from: the official URL, the mirror URL, or `registries: <recipe>`. */
  origin: string;
}

export interface BundleManifest {
  format: 1;
  /** ISO time the bundle was last written. */
  createdAt: string;
  /** `official` (project downloads or a mirror) or `registries` (assembled from package registries). */
  source: 'official' | 'registries';
  artifacts: BundleEntry[];
}

/** Reads DIR/bundle.json; a missing or unreadable one is a coded error naming the directory. */
export function readBundleManifest(dir: string): BundleManifest {
  const path = join(dir, BUNDLE_MANIFEST);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new DatalypticaError('E_BUNDLE_MISSING', `${path}: no bundle manifest`, { hint: 'build the bundle first: datalyptica bundle --out DIR (or --from-registries)' });
  }
  try {
    const parsed = JSON.parse(text) as BundleManifest;
    if (parsed.format !== 1 || !Array.isArray(parsed.artifacts)) throw new Error('unknown format');
    return parsed;
  } catch (error) {
    throw new DatalypticaError('E_BUNDLE_CORRUPT', `${path}: not a bundle manifest (${(error as Error).message})`, { hint: 'rebuild the bundle: datalyptica bundle --out DIR' });
  }
}

/** The entry of one component and version, or undefined. */
export function bundleEntry(manifest: BundleManifest, component: string, version: string): BundleEntry | undefined {
  return manifest.artifacts.find((entry) => entry.component === component && entry.version === version);
}
