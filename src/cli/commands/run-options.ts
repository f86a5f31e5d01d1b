import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { usageError } from '../../core/errors.js';
import type { Inventory } from '../../inventory/model.js';
import { Redactor } from '../../engine/redactor.js';
import type { Selection } from '../../engine/select.js';
import { SSH_PASSWORD_ENV } from '../../ssh/node-ssh-transport.js';

export const DEFAULT_INVENTORY = './inventory.yaml';

/** Flags shared by install and plan. */
export function addRunOptions(command: Command): Command {
  return command
    .addOption(new Option('-i, --inventory <file>', 'inventory file').default(DEFAULT_INVENTORY))
    .addOption(new Option('--phase <range>', 'phases to run: 3 or 1-3'))
    .addOption(new Option('--only <n>', 'run exactly this phase, whatever ran before'))
    .addOption(new Option('--hosts <list>', 'only these hosts, comma-separated (vm4,vm5)'))
    .addOption(new Option('--accept-new-host-keys', 'trust and record the host keys of hosts not yet in known_hosts'))
    .addOption(new Option('--concurrency <n>', 'hosts worked on at once').default('10'));
}

export function selectionFrom(options: Record<string, unknown>): Selection {
  const only = options.only === undefined ? undefined : Number(options.only);
  if (only !== undefined && !Number.isInteger(only)) throw usageError('E_FLAGS', `--only ${String(options.only)}: expected a phase number`);
  return {
    ...(typeof options.phase === 'string' ? { phases: options.phase } : {}),
    ...(only !== undefined ? { only } : {}),
    ...(typeof options.hosts === 'string' ? { hosts: options.hosts.split(',').map((host) => host.trim()).filter(Boolean) } : {}),
    ...(options.resume === true ? { resume: true } : {}),
  };
}

export function concurrencyFrom(options: Record<string, unknown>): number {
  const value = Number(options.concurrency ?? 10);
  if (!Number.isInteger(value) || value < 1) throw usageError('E_FLAGS', `--concurrency ${String(options.concurrency)}: expected a positive whole number`);
  return value;
}

/** State, lock and run logs live next to the inventory: one cluster, one .datalyptica. */
export function stateDirFor(inventoryFile: string): string {
  return resolve(dirname(inventoryFile), '.datalyptica');
}

/** Secrets known before any phase runs (passwords from the environment) never reach a log. */
export function redactorFor(inventory: Inventory, env: NodeJS.ProcessEnv = process.env): Redactor {
  const redactor = new Redactor();
  for (const name of [inventory.ssh.become?.passwordEnv, SSH_PASSWORD_ENV]) {
    const value = name ? env[name] : undefined;
    if (value) redactor.add(value);
  }
  return redactor;
}
