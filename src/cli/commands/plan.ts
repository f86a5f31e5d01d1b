import type { CommandModule } from '../command.js';
import { addRunOptions, runPhasesCommand } from './run-options.js';

/** `datalyptica plan`: what install would change, with unified diffs; changes nothing. Exit 0 even with changes pending. */
export const planCommand: CommandModule = {
  name: 'plan',
  summary: 'Show what install would change, with diffs, changing nothing',
  configure(command) {
    addRunOptions(command);
  },
  async run(io, options) {
    const summary = await runPhasesCommand(io, options, 'plan');
    return summary.phases.some((phase) => phase.failed > 0) ? 1 : 0;
  },
};
