import type { Command } from 'commander';
import type { CliIo, GlobalOptions } from './io.js';

/**
 * A command module: declares its flags on a commander Command and runs one core function.
 * `run` returns the process exit code; thrown DatalypticaErrors are rendered by main.
 */
export interface CommandModule {
  name: string;
  summary: string;
  configure(command: Command): void;
  run(io: CliIo, options: Record<string, unknown> & GlobalOptions, args: string[]): Promise<number>;
}

/** Placeholder for commands whose issue has not landed yet: one line, exit 2. */
export function notBuiltYet(name: string, summary: string): CommandModule {
  return {
    name,
    summary,
    configure: () => undefined,
    run: async (io) => {
      io.err(`datalyptica ${name}: not built yet in this version (${summary.toLowerCase()})`);
      return 2;
    },
  };
}
