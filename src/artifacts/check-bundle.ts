import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readBundleManifest, type BundleEntry, type BundleManifest } from './bundle-manifest.js';
import { hashFile } from './checksum.js';
import type { ReleaseNeed } from './needs.js';

/** One entry of bundle.json as found on disk. */
export interface EntryCheck {
  component: string;
  version: string;
  file: string;
  status: 'ok' | 'missing' | 'size' | 'checksum';
  /** What went wrong, with the recorded and found values. */
  detail?: string;
}

export interface BundleCheck {
  dir: string;
  ok: boolean;
  entries: EntryCheck[];
  /** Releases asked for (an inventory's needs) that bundle.json does not list. */
  absent: ReleaseNeed[];
}

/**
 * `bundle --check DIR` and `check`: every entry of DIR/bundle.json is there with its recorded
 * size and sha256, and every release in `needs` has an entry. A missing or unreadable bundle.json
 * is a coded error (readBundleManifest), not a report.
 */
export async function checkBundle(dir: string, needs: readonly ReleaseNeed[] = [], options: { onlyNeeded?: boolean } = {}): Promise<BundleCheck> {
  const manifest = readBundleManifest(dir);
  // `check` reads only what the inventory installs; `bundle --check` reads every file.
  const wanted = options.onlyNeeded ? manifest.artifacts.filter((entry) => needs.some((need) => need.component === entry.component && need.version === entry.version)) : manifest.artifacts;
  const entries = await Promise.all(wanted.map((entry) => checkEntry(dir, entry)));
  const absent = missingFrom(manifest, needs);
  return { dir, ok: absent.length === 0 && entries.every((entry) => entry.status === 'ok'), entries, absent };
}

export function missingFrom(manifest: BundleManifest, needs: readonly ReleaseNeed[]): ReleaseNeed[] {
  return needs.filter((need) => !manifest.artifacts.some((entry) => entry.component === need.component && entry.version === need.version));
}

async function checkEntry(dir: string, entry: BundleEntry): Promise<EntryCheck> {
  const base = { component: entry.component, version: entry.version, file: entry.file };
  const path = join(dir, entry.file);
  const size = await stat(path).then((s) => s.size, () => undefined);
  if (size === undefined) return { ...base, status: 'missing', detail: `${path}: missing` };
  if (size !== entry.bytes) return { ...base, status: 'size', detail: `${path}: ${size} bytes, bundle.json records ${entry.bytes}` };
  const { sha256 } = await hashFile(path, ['sha256']);
  if (sha256 !== entry.sha256) return { ...base, status: 'checksum', detail: `${path}: sha256 mismatch: expected ${entry.sha256}, found ${sha256}` };
  return { ...base, status: 'ok' };
}
