import { notBuiltYet, type CommandModule } from '../command.js';

/** Every command of the tool, in the order `--help` lists them. */
export const commands: CommandModule[] = [
  notBuiltYet('init', 'Interactive wizard that writes inventory.yaml'),
  notBuiltYet('validate', 'Check an inventory file against the schema and the platform rules'),
  notBuiltYet('check', 'Pre-flight checks on every host over SSH'),
  notBuiltYet('plan', 'Show what install would change, with diffs, changing nothing'),
  notBuiltYet('install', 'Install or converge the platform, phase by phase'),
  notBuiltYet('status', 'Health of every host, service and HA group'),
  notBuiltYet('failover-test', 'Inject faults and measure failover against the spec targets'),
  notBuiltYet('scale-plan', 'Recommend the next cluster tier from measured load'),
  notBuiltYet('lab', 'Manage a local five-host lab (systemd-nspawn)'),
];
