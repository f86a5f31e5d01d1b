import { notBuiltYet, type CommandModule } from '../command.js';
import { initCommand } from './init.js';
import { installCommand } from './install.js';
import { labCommand } from './lab.js';
import { planCommand } from './plan.js';
import { validateCommand } from './validate.js';

/** Every command of the tool, in the order `--help` lists them. */
export const commands: CommandModule[] = [
  initCommand,
  validateCommand,
  notBuiltYet('check', 'Pre-flight checks on every host over SSH'),
  planCommand,
  installCommand,
  notBuiltYet('status', 'Health of every host, service and HA group'),
  notBuiltYet('failover-test', 'Inject faults and measure failover against the spec targets'),
  notBuiltYet('scale-plan', 'Recommend the next cluster tier from measured load'),
  labCommand,
];
