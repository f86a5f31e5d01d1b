import { Command, CommanderError, Option } from 'commander';
import { isDatalypticaError } from '../core/errors.js';
import type { CommandModule } from './command.js';
import { commands } from './commands/index.js';
import { CliIo, type GlobalOptions } from './io.js';

function buildProgram(onRun: (module: CommandModule, options: Record<string, unknown>, args: string[]) => Promise<void>): Command {
  const program = new Command('datalyptica')
    .description('Install and operate the Datalyptica data platform on Linux VMs (systemd services, no Docker)')
    .version(process.env.npm_package_version ?? '0.1.0')
    .addOption(new Option('--json', 'machine-readable JSON output'))
    .addOption(new Option('-v, --verbose', 'more detail'))
    .addOption(new Option('--no-color', 'disable colours (NO_COLOR is honoured too)'))
    .showSuggestionAfterError(true)
    .exitOverride();
  program.configureOutput({ outputError: () => undefined });

  for (const module of commands) {
    const command = program.command(module.name).description(module.summary).exitOverride();
    command.configureOutput({ outputError: () => undefined });
    module.configure(command);
    command.action(async (...actionArgs: unknown[]) => {
      const self = actionArgs[actionArgs.length - 1] as Command;
      const options = { ...program.opts(), ...self.opts() };
      await onRun(module, options, self.args);
    });
  }
  return program;
}

/** Parses argv, runs one command, renders any error as one line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  let io = new CliIo({});
  const program = buildProgram(async (module, options, args) => {
    io = new CliIo(options as GlobalOptions);
    exitCode = await module.run(io, options as Record<string, unknown> & GlobalOptions, args);
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      io.err(`error: ${error.message.replace(/^error: /, '')} (see datalyptica --help)`);
      return 2;
    }
    if (isDatalypticaError(error)) {
      if (io.json) io.outJson({ error: { code: error.code, message: error.message, hint: error.hint } });
      else io.err(`${io.color.red('error:')} ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
      return error.exitCode;
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
