import { DatalypticaError, usageError } from '../core/errors.js';
import type { FileSystem } from '../core/fs.js';
import { buildSpecInventory } from './layout.js';
import { inventoryToYaml } from './layout-yaml.js';
import type { Inventory } from './model.js';
import { validateInventoryFile, type ValidationResult } from './validate.js';
import { runInitWizard, type Prompter } from './wizard.js';

/** `datalyptica init`: ask (or take the spec's defaults), write the inventory atomically, validate it. */
export interface InitRequest {
  output: string;
  /** Write the spec's layout without asking. */
  defaults: boolean;
  /** Replace an existing file (kept as FILE.bak). */
  force: boolean;
}

export interface InitDeps {
  fs: FileSystem;
  /** Absent when there is no terminal to ask on. */
  prompter?: Prompter;
}

export interface InitResult {
  path: string;
  inventory: Inventory;
  /** Whether an existing file was replaced (and kept as path.bak). */
  replaced: boolean;
  /** `validate` run on the written file: the wizard checks each answer, this checks the whole. */
  validation: ValidationResult;
}

export async function runInit(request: InitRequest, deps: InitDeps): Promise<InitResult> {
  const { output } = request;
  if (!request.defaults && !deps.prompter) {
    throw usageError('E_INIT_NO_TTY', 'init: no terminal to ask the questions on', "pass --defaults to write the spec's layout without asking");
  }
  // Checked before the questions so nobody answers twenty of them to be refused at the end.
  const replaced = await deps.fs.exists(output);
  if (replaced && !request.force) {
    throw new DatalypticaError('E_INIT_EXISTS', `init: ${output} already exists`, {
      hint: `pass --force to replace it, keeping the current file as ${output}.bak, or -o FILE to write elsewhere`,
    });
  }
  const options = request.defaults || !deps.prompter ? {} : await runInitWizard(deps.prompter);
  const inventory = buildSpecInventory(options);
  await deps.fs.writeAtomic(output, inventoryToYaml(inventory, { comments: true }), { mode: 0o644 });
  return { path: output, inventory, replaced, validation: await validateInventoryFile(output) };
}
