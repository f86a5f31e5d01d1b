import { Command, CommanderError, Help, Option } from 'commander';
import { isDatalypticaError } from '../core/errors.js';
import type { CommandDescriptor, CommandModule } from './command.js';
import { commands } from './commands/index.js';
import { CliIo, type GlobalOptions } from './io.js';

type OnRun = (module: CommandModule, options: Record<string, unknown>, args: string[]) => Promise<void>;

/**
 * The command argv names, as commander will dispatch it: the first operand, or the one after
 * `help`. Every global option is a flag without a value, so operands are the arguments that are
 * not options, and everything after `--`.
 */
export function namedCommand(args: string[], descriptors: CommandDescriptor[]): CommandDescriptor | undefined {
  const literal = args.indexOf('--');
  const operands = [
    ...(literal === -1 ? args : args.slice(0, literal)).filter((arg) => !(arg.length > 1 && arg.startsWith('-'))),
    ...(literal === -1 ? [] : args.slice(literal + 1)),
  ];
  const name = operands[0] === 'help' ? operands[1] : operands[0];
  return descriptors.find((descriptor) => descriptor.name === name);
}

/**
 * Every command is declared from its descriptor; only `loaded`, the one argv names, gets its
 * flags and action, so its own `--help` is complete and nothing else is imported.
 */
function buildProgram(descriptors: CommandDescriptor[], loaded: CommandModule | undefined, onRun: OnRun): Command {
  const defaultHelp = new Help();
  const usage = new Map(descriptors.map((descriptor) => [descriptor.name, descriptor.usage]));
  const program = new Command('datalyptica')
    .description('Install and operate the Datalyptica data platform on Linux VMs (systemd services, no Docker)')
    .version(process.env.npm_package_version ?? '0.1.0')
    .addOption(new Option('--json', 'machine-readable JSON output'))
    .addOption(new Option('-v, --verbose', 'more detail'))
    .addOption(new Option('--no-color', 'disable colours (NO_COLOR is honoured too)'))
    .showSuggestionAfterError(true)
    .configureHelp({
      // Commands not loaded have no options declared; the list shows what the loaded one would.
      subcommandTerm: (command) => (usage.has(command.name()) ? `${command.name()} ${usage.get(command.name())}` : defaultHelp.subcommandTerm(command)),
    })
    .exitOverride();
  program.configureOutput({ outputError: () => undefined });

  for (const descriptor of descriptors) {
    const command = program.command(descriptor.name).description(descriptor.summary).exitOverride();
    command.configureOutput({ outputError: () => undefined });
    if (loaded?.name !== descriptor.name) continue;
    loaded.configure(command);
    command.action(async (...actionArgs: unknown[]) => {
      const self = actionArgs[actionArgs.length - 1] as Command;
      const options = { ...program.opts(), ...self.opts() };
      await onRun(loaded, options, self.args);
    });
  }
  return program;
}

/**
 * Parses argv, runs one command, renders any error as one line; returns the exit code.
 * `descriptors` is the command list (tests pass their own to watch what gets loaded).
 */
export async function main(argv: string[], descriptors: CommandDescriptor[] = commands): Promise<number> {
  let exitCode = 0;
  let io = new CliIo({});
  let loaded: CommandModule | undefined;
  try {
    loaded = await namedCommand(argv.slice(2), descriptors)?.load();
    const program = buildProgram(descriptors, loaded, async (module, options, args) => {
      io = new CliIo(options as GlobalOptions);
      exitCode = await module.run(io, options as Record<string, unknown> & GlobalOptions, args);
    });
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      io.err(`error: ${error.message.replace(/^error: /, '')} (see datalyptica --help)`);
      return loaded?.errorExitCode ?? 2;
    }
    if (isDatalypticaError(error)) {
      if (io.json) io.outJson({ error: { code: error.code, message: error.message, hint: error.hint } });
      else io.err(`${io.color.red('error:')} ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
      return loaded?.errorExitCode ?? error.exitCode;
    }
    if (isPromptCancel(error)) {
      io.err('cancelled');
      return 130;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`${io.color.red('internal error:')} ${message} (this is a bug in datalyptica; run with -v and report it)`);
    if (io.verbose && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
  return exitCode;
}

function isPromptCancel(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExitPromptError';
}
