import { phases } from '../../../phases/index.js';
import { runPlan, type RunSummary } from '../../engine/engine.js';
import { loadValidInventory } from '../../inventory/validate.js';
import { sshConnectionPool } from '../../ssh/pool.js';
import type { CommandModule } from '../command.js';
import { createRunRenderer } from '../render/run-renderer.js';
import { addRunOptions, concurrencyFrom, DEFAULT_INVENTORY, redactorFor, selectionFrom, stateDirFor } from './run-options.js';

/** `datalyptica plan`: what install would change, with unified diffs; changes nothing. Exit 0 even with changes pending. */
export const planCommand: CommandModule = {
  name: 'plan',
  summary: 'Show what install would change, with diffs, changing nothing',
  configure(command) {
    addRunOptions(command);
  },
  async run(io, options) {
    const file = String(options.inventory ?? DEFAULT_INVENTORY);
    const { inventory } = await loadValidInventory(file);
    const pool = sshConnectionPool(inventory, { acceptNewHostKeys: options.acceptNewHostKeys === true });
    const renderer = createRunRenderer(io, true);
    const unsubscribe = io.onEvent(renderer.onEvent);
    let summary: RunSummary | undefined;
    try {
      summary = await runPlan({
        inventory,
        phases,
        io,
        pool,
        stateDir: stateDirFor(file),
        selection: selectionFrom(options),
        concurrency: concurrencyFrom(options),
        redactor: redactorFor(inventory),
      });
    } finally {
      await pool.closeAll();
      await renderer.finish(summary);
      unsubscribe();
    }
    return summary.phases.some((phase) => phase.failed > 0) ? 1 : 0;
  },
};
