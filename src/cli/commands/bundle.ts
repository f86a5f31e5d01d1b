import { Option } from 'commander';
import { bundleForInventory } from '../../artifacts/for-inventory.js';
import { checkBundle } from '../../artifacts/check-bundle.js';
import { parseReleaseRef } from '../../artifacts/needs.js';
import { DEFAULT_REGISTRY_CACHE } from '../../artifacts/maven.js';
import { loadValidInventory } from '../../inventory/validate.js';
import { DEFAULT_INVENTORY, inventoryOption, type CommandModule } from '../command.js';
import { checkText, createBundleRenderer } from '../render/bundle.js';

/** `datalyptica bundle`: fetch (or, for the lab, assemble) every release the inventory needs into an offline bundle; `--check DIR` verifies one. */
export const bundleCommand: CommandModule = {
  name: 'bundle',
  summary: 'Fetch every artifact the inventory needs into an offline bundle, or verify one',
  configure(command) {
    command
      .addOption(inventoryOption())
      .addOption(new Option('--out <dir>', 'bundle directory (default: the inventory\'s artifacts.bundleDir)'))
      .addOption(new Option('--from-registries', 'assemble the releases from the package registries (Maven Central) instead of the official downloads'))
      .addOption(new Option('--release <component@version...>', 'also carry these releases (kafka@3.9.0)'))
      .addOption(new Option('--cache-dir <dir>', 'Maven repository and work directories of registry builds').default(DEFAULT_REGISTRY_CACHE))
      .addOption(new Option('--check <dir>', 'verify a bundle: every file of its bundle.json present, with its size and sha256'));
  },
  async run(io, options) {
    if (typeof options.check === 'string') {
      const check = await checkBundle(options.check);
      if (io.json) io.outJson(check);
      else io.out(checkText(io, check));
      return check.ok ? 0 : 1;
    }
    const { inventory } = await loadValidInventory(String(options.inventory ?? DEFAULT_INVENTORY));
    const extra = Array.isArray(options.release) ? options.release.map((text) => parseReleaseRef(String(text))) : [];
    const renderer = createBundleRenderer(io);
    try {
      const result = await bundleForInventory(inventory, {
        ...(typeof options.out === 'string' ? { out: options.out } : {}),
        fromRegistries: options.fromRegistries === true,
        extra,
        cacheDir: String(options.cacheDir),
        onEvent: renderer.onEvent,
      });
      await renderer.finish(result);
      return 0;
    } catch (error) {
      await renderer.abort();
      throw error;
    }
  },
};
