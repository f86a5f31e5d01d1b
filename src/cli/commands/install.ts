import { Option } from 'commander';
import type { CommandModule } from '../command.js';
import { addRunOptions, runPhasesCommand } from './run-options.js';

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
    const summary = await runPhasesCommand(io, options, 'install');
    return summary.ok ? 0 : 1;
  },
};
