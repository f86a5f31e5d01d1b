import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { placeServices } from '../catalog/index.js';
import type { PlacedService } from '../catalog/types.js';
import { DatalypticaError } from '../core/errors.js';
import { byPosition, type Diagnostic, type Finding } from './diagnostics.js';
import { loadInventoryFile, loadInventoryText, type LoadedInventory } from './load.js';
import type { Inventory } from './model.js';
import { normaliseInventory, type ResolvedInventory } from './normalise.js';
import { locate } from './position.js';
import { inventoryRules, placementRules } from './rules/index.js';
import type { RuleContext } from './rules/context.js';
import { checkSchema } from './schema.js';

export interface ValidationResult {
  file: string;
  valid: boolean;
  errors: Diagnostic[];
  warnings: Diagnostic[];
  /** The inventory with defaults applied, when it passed the schema. */
  inventory?: ResolvedInventory;
  /** Every service instance per host, when placement resolved (for `--show`). */
  placed?: PlacedService[];
}

/** The environment the rules may consult: files, variables, the home directory. */
export interface ValidateOptions {
  fileExists?: (path: string) => boolean;
  env?: Record<string, string | undefined>;
  home?: string;
}

/** Load, schema, defaults, cross-field rules: every problem of the file, never thrown (except unreadable files). */
export async function validateInventoryFile(file: string, options: ValidateOptions = {}): Promise<ValidationResult> {
  return validateLoaded(await loadInventoryFile(file), options);
}

/** The same for text already in memory (tests, the init wizard before it writes). */
export function validateInventoryText(file: string, text: string, options: ValidateOptions = {}): ValidationResult {
  return validateLoaded(loadInventoryText(file, text), options);
}

export function validateLoaded(loaded: LoadedInventory, options: ValidateOptions = {}): ValidationResult {
  const diagnostics = [...loaded.diagnostics];
  let inventory: ResolvedInventory | undefined;
  let placed: PlacedService[] | undefined;
  const toDiagnostic = (finding: Finding): Diagnostic => {
    const { atKey, ...rest } = finding;
    const position = loaded.doc ? locate(loaded.doc, loaded.lineCounter, finding.path, atKey) : { line: 1, col: 1 };
    return { ...rest, ...position };
  };
  if (loaded.data !== undefined && !diagnostics.some((d) => d.severity === 'error')) {
    const schemaFindings = checkSchema(loaded.data);
    diagnostics.push(...schemaFindings.map(toDiagnostic));
    if (schemaFindings.length === 0) {
      inventory = normaliseInventory(loaded.data as Inventory);
      // Placement skips unknown service ids; the placement rule reports them with positions.
      placed = placeServices(inventory);
      const context: RuleContext = {
        inventory,
        placed,
        inventoryDir: dirname(resolve(loaded.file)),
        fileExists: options.fileExists ?? existsSync,
        env: options.env ?? process.env,
        home: options.home ?? homedir(),
      };
      const findings = inventoryRules.flatMap((rule) => rule(context));
      if (!findings.some((finding) => finding.code === 'E_DUP_HOST_NAME')) findings.push(...placementRules.flatMap((rule) => rule(context)));
      diagnostics.push(...findings.map(toDiagnostic));
    }
  }
  diagnostics.sort(byPosition);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  return { file: loaded.file, valid: errors.length === 0, errors, warnings, ...(inventory ? { inventory } : {}), ...(placed ? { placed } : {}) };
}

/**
 * For commands that need a usable inventory (check, plan, install): the resolved inventory,
 * or a DatalypticaError (exit 1) naming the first error and pointing at `validate`.
 */
export async function loadValidInventory(file: string, options: ValidateOptions = {}): Promise<{ inventory: ResolvedInventory; placed: PlacedService[]; warnings: Diagnostic[] }> {
  const result = await validateInventoryFile(file, options);
  const first = result.errors[0];
  if (first || !result.inventory || !result.placed) {
    const count = result.errors.length;
    const where = first ? `${file}:${first.line}:${first.col}: ${first.message}` : `${file} is not usable`;
    throw new DatalypticaError('E_INVENTORY_INVALID', count > 1 ? `${where} (and ${count - 1} more error${count > 2 ? 's' : ''})` : where, {
      hint: `run \`datalyptica validate -i ${file}\` to see every problem`,
    });
  }
  return { inventory: result.inventory, placed: result.placed, warnings: result.warnings };
}
