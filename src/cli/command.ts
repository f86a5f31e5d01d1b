import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
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
  /**
   * The exit code of any error (bad flag, bad inventory, ...) when the command's own codes give
   * the usual 2 a meaning: `status` says 3 ("nothing is known"), never 2 ("down"), on a typo.
   */
  errorExitCode?: number;
}

/**
 * What the top-level `--help`, `--version` and unknown-command suggestions need about a command,
 * without importing it: a command module pulls in its part of the tool (SSH, listr2, ajv, pg...),
 * and start-up pays only for the one command argv names. `load` imports that module.
 */
export interface CommandDescriptor {
  name: string;
  summary: string;
  /** What follows the name in the top-level command list, as commander prints it for the loaded module: `[options]`. */
  usage: string;
  load(): Promise<CommandModule>;
}

// The flags and paths several commands share live here rather than in commands/run-options.ts,
// which imports the engine and every phase: `validate` and `status` need only these.

export const DEFAULT_INVENTORY = './inventory.yaml';

/** `-i/--inventory`, which every command that works on a cluster takes. */
export const inventoryOption = (): Option => new Option('-i, --inventory <file>', 'inventory file').default(DEFAULT_INVENTORY);

/** `--accept-new-host-keys`, for every command that connects over SSH. */
export const acceptNewHostKeysOption = (): Option => new Option('--accept-new-host-keys', 'trust and record the host keys of hosts not yet in known_hosts');

/** State, lock and run logs live next to the inventory: one cluster, one .datalyptica. */
export function stateDirFor(inventoryFile: string): string {
  return resolve(dirname(inventoryFile), '.datalyptica');
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
