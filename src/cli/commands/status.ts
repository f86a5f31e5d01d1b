import { Option } from 'commander';
import { loadValidInventoryCached } from '../../inventory/load-cached.js';
import { DEFAULT_DEADLINE_MS, statusSshOptions } from '../../status/connect.js';
import type { ClusterStatus } from '../../status/types.js';
import { withLastAnswers } from '../../status/watch.js';
import { acceptNewHostKeysOption, DEFAULT_INVENTORY, inventoryOption, stateDirFor, type CommandModule } from '../command.js';
import { numberFlag } from '../flags.js';

const CLEAR_SCREEN = '\u001b[2J\u001b[H';

function positiveSeconds(flag: string, value: unknown, fallback: number): number {
  if (value === undefined || value === true) return fallback;
  return numberFlag(flag, value, (seconds) => seconds > 0, 'a number of seconds');
}

/**
 * `datalyptica status`: exit 0 healthy, 1 degraded, 2 down, 3 unknown (EXIT_CODES), and 3 for a
 * bad flag or inventory too; `--watch` refreshes until Ctrl-C.
 */
export const statusCommand: CommandModule = {
  name: 'status',
  summary: 'Health of every host, service and HA group',
  errorExitCode: 3,
  configure(command) {
    command
      .addOption(inventoryOption())
      .addOption(new Option('--watch [seconds]', 'refresh every few seconds (default 2) until Ctrl-C'))
      .addOption(new Option('--timeout <seconds>', 'per host: answer within this, or it is unknown (a host that does not take a TCP connection is unreachable within 2 s)').default(String(DEFAULT_DEADLINE_MS / 1000)))
      .addOption(acceptNewHostKeysOption());
  },
  async run(io, options) {
    const file = String(options.inventory ?? DEFAULT_INVENTORY);
    const deadlineMs = positiveSeconds('--timeout', options.timeout, DEFAULT_DEADLINE_MS / 1000) * 1000;
    const watchSeconds = options.watch === undefined ? undefined : positiveSeconds('--watch', options.watch, 2);
    const stateDir = stateDirFor(file);
    // The inventory as last validated, while the file is unchanged: no YAML, schema or rules here.
    const inventory = await loadValidInventoryCached(file, stateDir);
    const { sshConnectionPool } = await import('../../ssh/pool.js');
    // A powered-off host is told by its TCP silence within 2 s; one that is only slow gets the deadline.
    const pool = sshConnectionPool(inventory, { acceptNewHostKeys: options.acceptNewHostKeys === true, ...statusSshOptions(deadlineMs) });
    // Every host's connection starts now, so the handshakes run while the probes and the status core load.
    let connectingSince: number | undefined = Date.now();
    for (const host of inventory.hosts) void pool.get(host.name);
    try {
      const [{ collectStatus }, { healthOf }, { statusText }, { readState }] = await Promise.all([
        import('../../status/index.js'),
        import('../../../phases/registry.js'),
        import('../render/status.js'),
        import('../../engine/state.js'),
      ]);
      const show = (status: ClusterStatus, refresh: boolean) => {
        if (io.json) io.out(refresh ? JSON.stringify(status) : JSON.stringify(status, null, 2));
        else io.out(`${refresh && io.isTty ? CLEAR_SCREEN : ''}${statusText(io, status)}`);
      };
      const collect = () => {
        // Only the first round connected ahead; a --watch refresh starts its own clock.
        const startedAt = connectingSince;
        connectingSince = undefined;
        return collectStatus(inventory, pool, { health: healthOf, state: readState(stateDir), deadlineMs, ...(startedAt === undefined ? {} : { startedAt }) });
      };
      if (watchSeconds === undefined) {
        const status = await collect();
        show(status, false);
        return status.exitCode;
      }
      return await watch(watchSeconds, collect, (status) => show(status, true));
    } finally {
      await pool.closeAll();
    }
  },
};

/** Refreshes until SIGINT; exits with the last verdict's code. */
async function watch(seconds: number, collect: () => Promise<ClusterStatus>, show: (status: ClusterStatus) => void): Promise<number> {
  let stopped = false;
  let wake: () => void = () => undefined;
  const onSignal = () => {
    stopped = true;
    wake();
  };
  process.once('SIGINT', onSignal);
  let exitCode = 0;
  let previous: ClusterStatus | undefined;
  try {
    while (!stopped) {
      // The screen keeps the last table until this round is in; a host that stays silent keeps its last answer.
      const status = withLastAnswers(await collect(), previous);
      previous = status;
      exitCode = status.exitCode;
      show(status);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, seconds * 1000);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  return exitCode;
}
