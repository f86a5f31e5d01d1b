import { Option, type Command } from 'commander';
import { phases } from '../../../phases/index.js';
import { DatalypticaError } from '../../core/errors.js';
import { runInstall, runPlan, type RunSummary } from '../../engine/engine.js';
import { Redactor } from '../../engine/redactor.js';
import { selectPhases, type Selection } from '../../engine/select.js';
import type { Inventory } from '../../inventory/model.js';
import { loadValidInventory } from '../../inventory/validate.js';
import { sshConnectionPool } from '../../ssh/pool.js';
import type { CliIo } from '../io.js';
import { createRunRenderer } from '../render/run-renderer.js';
import { SSH_PASSWORD_ENV } from '../../ssh/ssh-transport.js';
import { numberFlag } from '../flags.js';
import { acceptNewHostKeysOption, DEFAULT_INVENTORY, inventoryOption, stateDirFor } from '../command.js';

export { acceptNewHostKeysOption, DEFAULT_INVENTORY, inventoryOption, stateDirFor };

/** Flags shared by install and plan. */
export function addRunOptions(command: Command): Command {
  return command
    .addOption(inventoryOption())
    .addOption(new Option('--phase <range>', 'phases to run: 3 or 1-3'))
    .addOption(new Option('--only <n>', 'run exactly this phase, whatever ran before'))
    .addOption(new Option('--hosts <list>', 'only these hosts, comma-separated (vm4,vm5)'))
    .addOption(acceptNewHostKeysOption())
    .addOption(new Option('--concurrency <n>', 'hosts worked on at once').default('10'));
}

export function selectionFrom(options: Record<string, unknown>): Selection {
  const only = options.only === undefined ? undefined : numberFlag('--only', options.only, Number.isInteger, 'a phase number');
  return {
    ...(typeof options.phase === 'string' ? { phases: options.phase } : {}),
    ...(only !== undefined ? { only } : {}),
    ...(typeof options.hosts === 'string' ? { hosts: options.hosts.split(',').map((host) => host.trim()).filter(Boolean) } : {}),
    ...(options.resume === true ? { resume: true } : {}),
  };
}

export function concurrencyFrom(options: Record<string, unknown>): number {
  return numberFlag('--concurrency', options.concurrency ?? 10, (value) => Number.isInteger(value) && value >= 1, 'a positive whole number');
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

/**
 * Runs `install` or `plan` against the inventory file: one SSH pool, the run renderer
 * subscribed for the duration, everything closed on the way out.
 */
export async function runPhasesCommand(io: CliIo, options: Record<string, unknown>, mode: 'install' | 'plan'): Promise<RunSummary> {
  const file = String(options.inventory ?? DEFAULT_INVENTORY);
  const { inventory } = await loadValidInventory(file);
  const selection = selectionFrom(options);
  if (mode === 'install') {
    const chosen = selectPhases(phases, selection).map((phase) => phase.id);
    const where = selection.hosts ? selection.hosts.join(', ') : `all ${inventory.hosts.length} hosts`;
    const question = `Apply phase${chosen.length === 1 ? '' : 's'} ${chosen.join(', ') || '(none)'} to ${where} of cluster ${inventory.cluster.name}?`;
    if (!(await io.confirm(question, true))) throw new DatalypticaError('E_CANCELLED', 'install cancelled', { hint: 'nothing was changed' });
  }
  const pool = sshConnectionPool(inventory, { acceptNewHostKeys: options.acceptNewHostKeys === true });
  // Ctrl-C stops the run where it is; exiting releases the lock, and the phase under way stays
  // unfinished in the state, so `--resume` starts it again.
  const interrupted = () => {
    io.err(`interrupted: ${mode} stopped where it was (run install --resume to continue)`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const renderer = createRunRenderer(io, mode === 'plan');
  const unsubscribe = io.onEvent(renderer.onEvent);
  const run = mode === 'install' ? runInstall : runPlan;
  let summary: RunSummary | undefined;
  try {
    summary = await run({
      inventory,
      phases,
      io,
      pool,
      stateDir: stateDirFor(file),
      selection,
      showDiffs: io.verbose,
      concurrency: concurrencyFrom(options),
      redactor: redactorFor(inventory),
    });
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await pool.closeAll();
    await renderer.finish(summary);
    unsubscribe();
  }
  return summary;
}
