import type { CommandDescriptor } from '../command.js';

/**
 * Every command of the tool, in the order `--help` lists them. Names, summaries and usage are
 * repeated here so that listing the commands imports none of them; test/cli/commands.test.ts
 * checks each against its module.
 */
export const commands: CommandDescriptor[] = [
  {
    name: 'init',
    summary: 'Interactive wizard that writes inventory.yaml',
    usage: '[options]',
    load: async () => (await import('./init.js')).initCommand,
  },
  {
    name: 'validate',
    summary: 'Check an inventory file against the schema and the platform rules',
    usage: '[options]',
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    name: 'check',
    summary: 'Pre-flight checks on every host over SSH',
    usage: '[options]',
    load: async () => (await import('./check.js')).checkCommand,
  },
  {
    name: 'bundle',
    summary: 'Fetch every artifact the inventory needs into an offline bundle, or verify one',
    usage: '[options]',
    load: async () => (await import('./bundle.js')).bundleCommand,
  },
  {
    name: 'plan',
    summary: 'Show what install would change, with diffs, changing nothing',
    usage: '[options]',
    load: async () => (await import('./plan.js')).planCommand,
  },
  {
    name: 'install',
    summary: 'Install or converge the platform, phase by phase',
    usage: '[options]',
    load: async () => (await import('./install.js')).installCommand,
  },
  {
    name: 'status',
    summary: 'Health of every host, service and HA group',
    usage: '[options]',
    load: async () => (await import('./status.js')).statusCommand,
  },
  {
    name: 'failover-test',
    summary: 'Inject faults and measure failover against the spec targets',
    usage: '[options]',
    load: async () => (await import('./failover-test.js')).failoverTestCommand,
  },
  {
    name: 'scale-plan',
    summary: 'Recommend the next cluster tier from measured load',
    usage: '[options]',
    load: async () => (await import('./scale-plan.js')).scalePlanCommand,
  },
  {
    name: 'lab',
    summary: 'Manage a local five-host lab (systemd-nspawn)',
    usage: '[options] <subcommand> [args...]',
    load: async () => (await import('./lab.js')).labCommand,
  },
];
