import { Option, type Command } from 'commander';
import { execa } from 'execa';
import { usageError } from '../../core/errors.js';
import { loadLab } from '../../lab/context.js';
import { sshArgs } from '../../lab/hosts.js';
import { labDown, labStart, labStatus, labStop, labUp, type LabStatus } from '../../lab/lab.js';
import { DEFAULT_LAB_SUBNET, findHost } from '../../lab/plan.js';
import type { CommandModule } from '../command.js';
import type { CliIo } from '../io.js';

const SUBCOMMANDS = ['up', 'status', 'ssh', 'stop', 'start', 'down'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function renderStatus(io: CliIo, status: LabStatus): void {
  if (!status.up) {
    io.out(`no lab in ${status.dir} (run: datalyptica lab up)`);
    return;
  }
  io.out(`lab ${status.subnet} in ${status.dir}; apt proxy ${status.proxy?.url} ${status.proxy?.running ? 'running' : io.color.red('not running')}`);
  for (const host of status.hosts) {
    const state = !host.running ? io.color.red('off') : !host.linkUp ? io.color.yellow('running, link down') : host.sshPortOpen ? io.color.green('up') : io.color.yellow('booting');
    const memory = host.running ? `${host.memoryMiB} MiB` : '-';
    io.out(`${host.name.padEnd(4)} ${host.role.padEnd(8)} ${(host.addresses.management ?? '').padEnd(15)} ${state.padEnd(10)} ${memory}`);
  }
}

/** `lab ssh vm1 [-- cmd...]`: an ordinary ssh session to the host's management address as root. */
async function runSsh(io: CliIo, args: string[]): Promise<number> {
  const [name, ...command] = args;
  if (!name) throw usageError('E_USAGE', 'lab ssh: which host?', 'e.g. datalyptica lab ssh vm1 -- hostname');
  const lab = await loadLab({ io });
  const host = findHost(lab.plan, name);
  const tty = process.stdin.isTTY && command.length === 0 ? ['-t'] : [];
  const result = await execa('ssh', [...sshArgs(lab.paths), ...tty, `root@${host.addresses.management}`, ...command], { stdio: 'inherit', reject: false });
  return result.exitCode ?? 255;
}

export const labCommand: CommandModule = {
  name: 'lab',
  summary: 'Manage a local five-host lab (systemd-nspawn)',
  configure(command: Command) {
    command
      .argument('<subcommand>', `one of: ${SUBCOMMANDS.join(', ')}`)
      .argument('[args...]', 'host name for ssh/stop/start; after `--`, the command for ssh')
      .addOption(new Option('--subnet <cidr>', 'lab address block: a /22 inside 198.18.0.0/15 (up)').default(DEFAULT_LAB_SUBNET))
      .addOption(new Option('--install-prereqs', 'apt-get install what the lab needs (up)'))
      .addOption(new Option('--purge', 'also remove the cached base image, apt cache and the lab dir (down)'))
      .addHelpText(
        'after',
        [
          '',
          'Subcommands:',
          '  up [--subnet CIDR] [--install-prereqs]  build and boot vm1-vm5, write lab/inventory.yaml',
          '  status                                  state, address and memory of every host',
          '  ssh <host> [-- cmd...]                  ssh to a host as root',
          '  stop <host> / start <host>              power a host off (hard) / on',
          '  down [--purge]                          remove everything the lab created',
        ].join('\n'),
      );
  },
  async run(io, options, args) {
    const [subcommand, ...rest] = args;
    if (!SUBCOMMANDS.includes(subcommand as Subcommand)) {
      throw usageError('E_USAGE', `lab: unknown subcommand "${subcommand ?? ''}"`, `use one of: ${SUBCOMMANDS.join(', ')}`);
    }
    switch (subcommand as Subcommand) {
      case 'up': {
        const result = await labUp({ io, subnet: String(options.subnet), installPrereqs: Boolean(options.installPrereqs) });
        if (io.json) io.outJson(result);
        else {
          io.out(`lab is up in ${seconds(result.durationMs)}: ${result.hosts.map((h) => `${h.name} ${h.address}`).join(', ')}`);
          io.out(`inventory: ${result.inventory}`);
          io.out('try: datalyptica lab ssh vm1 -- hostname');
        }
        return 0;
      }
      case 'status': {
        const status = await labStatus({ io });
        if (io.json) io.outJson(status);
        else renderStatus(io, status);
        return 0;
      }
      case 'ssh':
        return runSsh(io, rest);
      case 'stop':
      case 'start': {
        const [name] = rest;
        if (!name) throw usageError('E_USAGE', `lab ${subcommand}: which host?`, `e.g. datalyptica lab ${subcommand} vm2`);
        const lab = await loadLab({ io });
        const changed = subcommand === 'stop' ? await labStop(lab, name) : await labStart(lab, name);
        const verb = subcommand === 'stop' ? 'powered off' : 'powered on';
        if (io.json) io.outJson({ host: name, action: subcommand, changed });
        else io.out(changed ? `${name} ${verb}` : `${name} was already ${subcommand === 'stop' ? 'off' : 'on'}`);
        return 0;
      }
      case 'down': {
        const removed = await labDown({ io, purge: Boolean(options.purge) });
        if (io.json) io.outJson({ removed });
        else io.out(removed.length > 0 ? `lab removed: ${removed.join(', ')}` : 'lab removed (nothing was running)');
        return 0;
      }
    }
  },
};
