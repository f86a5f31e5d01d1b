import type { PlacedService } from '../../catalog/types.js';
import type { Finding } from '../diagnostics.js';
import type { ResolvedInventory } from '../normalise.js';

/** What the cross-field rules see; side effects (files, environment) come in through here. */
export interface RuleContext {
  inventory: ResolvedInventory;
  /** Every service instance after placement and overrides (from the catalog). */
  placed: PlacedService[];
  /** Directory of the inventory file, for relative paths. */
  inventoryDir: string;
  fileExists(path: string): boolean;
  env: Record<string, string | undefined>;
  home: string;
}

export type Rule = (context: RuleContext) => Finding[];
