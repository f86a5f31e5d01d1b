import type { CommandModule } from '../command.js';
import { checkCommand } from './check.js';
import { failoverTestCommand } from './failover-test.js';
import { initCommand } from './init.js';
import { installCommand } from './install.js';
import { labCommand } from './lab.js';
import { planCommand } from './plan.js';
import { scalePlanCommand } from './scale-plan.js';
import { statusCommand } from './status.js';
import { validateCommand } from './validate.js';

/** Every command of the tool, in the order `--help` lists them. */
export const commands: CommandModule[] = [
  initCommand,
  validateCommand,
  checkCommand,
  planCommand,
  installCommand,
  statusCommand,
  failoverTestCommand,
  scalePlanCommand,
  labCommand,
];
