import { Option } from 'commander';
import { phases } from '../../../phases/index.js';
import { runInstall, type RunSummary } from '../../engine/engine.js';
import { selectPhases } from '../../engine/select.js';
import { loadValidInventory } from '../../inventory/validate.js';
import { sshConnectionPool } from '../../ssh/pool.js';
import type { CommandModule } from '../command.js';
import { createRunRenderer } from '../render/run-renderer.js';
import { addRunOptions, concurrencyFrom, DEFAULT_INVENTORY, redactorFor, selectionFrom, stateDirFor } from './run-options.js';

/** `datalyptica install`: converge the cluster phase by phase; exit 0 when every phase and gate passed. */
export const installCommand: CommandModule = {
  name: 'install',
  summary: 'Install or converge the platform, phase by phase',
  configure(command) {
    addRunOptions(command)
      .addOption(new Option('--resume', 'after a failure, skip the phases already completed'))
      .addOption(new Option('-y, --yes', 'do not ask for confirmation'));
  },
  async run(io, options) {
    const file = String(options.inventory ?? DEFAULT_INVENTORY);
    const { inventory } = await loadValidInventory(file);
    const selection = selectionFrom(options);
    const chosen = selectPhases(phases, selection).map((phase) => phase.id);
    const where = selection.hosts ? selection.hosts.join(', ') : `all ${inventory.hosts.length} hosts`;
    if (!(await io.confirm(`Apply phase${chosen.length === 1 ? '' : 's'} ${chosen.join(', ') || '(none)'} to ${where} of cluster ${inventory.cluster.name}?`, true))) {
      io.err('cancelled');
      return 130;
    }
    const pool = sshConnectionPool(inventory, { acceptNewHostKeys: options.acceptNewHostKeys === true });
    const renderer = createRunRenderer(io, false);
    const unsubscribe = io.onEvent(renderer.onEvent);
    let summary: RunSummary | undefined;
    try {
      summary = await runInstall({
        inventory,
        phases,
        io,
        pool,
        stateDir: stateDirFor(file),
        selection,
        showDiffs: io.verbose,
        concurrency: concurrencyFrom(options),
        redactor: redactorFor(inventory),
      });
    } finally {
      await pool.closeAll();
      await renderer.finish(summary);
      unsubscribe();
    }
    return summary.ok ? 0 : 1;
  },
};
