import { serviceModules } from '../../phases/registry.js';
import type { ServiceModule } from '../../phases/shared/module.js';
import { usageError } from '../core/errors.js';
import type { Inventory } from '../inventory/model.js';
import { buildBundle, type BundleResult } from './bundle.js';
import type { BundleListener } from './events.js';
import { manifestReleases, neededReleases, unique, type ReleaseNeed } from './needs.js';

export interface InventoryBundleOptions {
  /** The bundle directory; default the inventory's artifacts.bundleDir. */
  out?: string;
  fromRegistries: boolean;
  /** Releases to carry beyond the inventory's needs (the version to switch back to, one about to be installed). */
  extra?: readonly ReleaseNeed[];
  cacheDir?: string;
  onEvent?: BundleListener;
  modules?: readonly ServiceModule[];
  fetch?: typeof fetch;
}

/** The bundle an inventory installs from: every release its placed modules declare, plus `extra`. */
export async function bundleForInventory(inventory: Inventory, options: InventoryBundleOptions): Promise<BundleResult> {
  const dir = options.out ?? inventory.artifacts?.bundleDir;
  if (!dir) throw usageError('E_FLAGS', 'bundle: no --out DIR, and the inventory sets no artifacts.bundleDir', 'pass --out DIR, or set artifacts.bundleDir in the inventory');
  const needs = unique([...neededReleases(inventory, options.modules ?? serviceModules()), ...(options.extra ?? [])]);
  return buildBundle({
    dir,
    releases: manifestReleases(needs),
    fromRegistries: options.fromRegistries,
    ...(inventory.artifacts ? { artifacts: inventory.artifacts } : {}),
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
