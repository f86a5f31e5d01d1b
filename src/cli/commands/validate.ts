import { Option } from 'commander';
import { byPosition } from '../../inventory/diagnostics.js';
import { validateInventoryFile } from '../../inventory/validate.js';
import { DEFAULT_INVENTORY, inventoryOption, type CommandModule } from '../command.js';
import { diagnosticLine, diagnosticsJson, summaryLine } from '../render/diagnostics.js';
import { topologyJson, topologyText } from '../render/topology.js';

/** `datalyptica validate [-i FILE] [--show]`: exit 0 valid (warnings allowed), 1 errors, 2 unreadable. */
export const validateCommand: CommandModule = {
  name: 'validate',
  summary: 'Check an inventory file against the schema and the platform rules',
  configure(command) {
    command
      .addOption(inventoryOption())
      .addOption(new Option('--show', 'print the per-host plan: services, ports, memory, CPU and the budget per host'));
  },
  async run(io, options) {
    const file = String(options.inventory ?? DEFAULT_INVENTORY);
    const result = await validateInventoryFile(file);
    // The plan needs an inventory that passed the schema; with rule errors it still shows why.
    const plan = options.show === true && result.inventory && result.placed ? { inventory: result.inventory, placed: result.placed } : undefined;
    if (io.json) {
      io.outJson({ ...diagnosticsJson(result), ...(plan ? { topology: topologyJson(plan.inventory, plan.placed) } : {}) });
    } else {
      for (const diagnostic of [...result.errors, ...result.warnings].sort(byPosition)) io.out(diagnosticLine(io, file, diagnostic));
      if (plan) io.out(`${topologyText(io, plan.inventory, plan.placed)}\n`);
      io.out(summaryLine(io, result));
    }
    return result.valid ? 0 : 1;
  },
};
