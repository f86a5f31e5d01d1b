import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { execa } from 'execa';
import { DatalypticaError } from '../core/errors.js';

/**
 * Processes the lab starts, behind a port so the planning code is testable without root.
 * `run` throws a DatalypticaError naming the command when it fails, unless `allowFailure`.
 */
export interface RunOptions {
  input?: string;
  env?: Record<string, string>;
  allowFailure?: boolean;
  timeoutMs?: number;
  /** What to tell the user when the command fails. */
  hint?: string;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Runner {
  run(command: string, args: string[], options?: RunOptions): Promise<RunResult>;
  /** Starts a long-running process in its own session, output appended to `logPath`; returns its pid. */
  spawnDetached(command: string, args: string[], logPath: string): number;
}

export const execaRunner: Runner = {
  async run(command, args, options = {}) {
    const result = await execa(command, args, {
      reject: false,
      input: options.input,
      env: options.env,
      timeout: options.timeoutMs,
      stdin: options.input === undefined ? 'ignore' : undefined,
    });
    const exitCode = result.exitCode ?? (result.failed ? 1 : 0);
    const outcome = { exitCode, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
    if (exitCode !== 0 && !options.allowFailure) {
      const detail = (outcome.stderr.trim() || outcome.stdout.trim() || (result.shortMessage ?? '')).split('\n').slice(-1)[0] ?? '';
      throw new DatalypticaError('E_LAB_COMMAND', `lab: \`${command} ${args.join(' ')}\` failed (exit ${exitCode}): ${detail}`, {
        hint: options.hint ?? 'run with -v for details; `datalyptica lab down` then `lab up` rebuilds the lab',
      });
    }
    return outcome;
  },
  spawnDetached(command, args, logPath) {
    // node:child_process rather than execa: a detached child must not leave a promise behind
    // that rejects when the lab later kills it.
    const log = openSync(logPath, 'a');
    try {
      const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
      child.unref();
      if (child.pid === undefined) throw new DatalypticaError('E_LAB_SPAWN', `lab: cannot start ${command}`, { hint: `see ${logPath}` });
      return child.pid;
    } finally {
      closeSync(log);
    }
  },
};
