import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { DatalypticaError } from '../core/errors.js';
import type { ExecBounds, ExecOptions, ExecResult, Transport } from '../ssh/transport.js';
import type { ApplyContext, ArtifactStore } from './resource.js';
import type { RunLog } from './run-log.js';
import { call, script, scriptBody, STAGING_DIR } from './shell.js';

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

/**
 * Every command has bounds, so nothing waits forever on a stuck host (an apt method polling a
 * closed proxy connection, a service that never answers). Applies may take long but rarely stay
 * silent for minutes; a Resource that needs more declares its own (packages watch for a stall).
 */
export const APPLY_BOUNDS = { timeoutMs: 10 * 60_000, idleTimeoutMs: 5 * 60_000 } as const;
/** Reads of the host state print as they go and finish in seconds on a healthy host. */
export const PROBE_BOUNDS = { timeoutMs: 2 * 60_000, idleTimeoutMs: 60_000 } as const;
/** Plain commands (gates, health probes) are short checks. */
export const EXEC_BOUNDS = PROBE_BOUNDS;

function withDefaults(bounds: ExecBounds, defaults: Required<ExecBounds>): Required<ExecBounds> {
  return { timeoutMs: bounds.timeoutMs ?? defaults.timeoutMs, idleTimeoutMs: bounds.idleTimeoutMs ?? defaults.idleTimeoutMs };
}

/**
 * One host's side of a run: every command goes through here, so each is logged (redacted by
 * the run log) and counted as a round trip.
 */
export class HostSession {
  roundTrips = 0;

  constructor(
    private readonly transport: Transport,
    private readonly log: RunLog,
  ) {}

  get host(): string {
    return this.transport.host;
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.roundTrips++;
    const started = Date.now();
    const input = options.stdin === undefined ? '' : `\n${scriptBody(options.stdin.toString())}`;
    this.log.write(this.host, `$ ${command}${options.sudo ? '   (as root)' : ''}${input}`);
    try {
      const result = await this.transport.exec(command, { ...options, ...withDefaults(options, EXEC_BOUNDS) });
      this.log.write(this.host, `exit ${result.code} in ${Date.now() - started} ms\n${result.stdout ? `stdout:\n${result.stdout}\n` : ''}${result.stderr ? `stderr:\n${result.stderr}\n` : ''}`);
      return result;
    } catch (error) {
      this.log.write(this.host, `error: ${(error as Error).message}`);
      throw error;
    }
  }

  /**
   * Runs prelude calls as root; with `stopOnError`, throws naming the host on a non-zero exit.
   * Unset bounds are those of an apply; past one the command is killed (E_REMOTE_TIMEOUT).
   */
  async run(lines: string[], what: string, stopOnError = true, bounds: ExecBounds = {}): Promise<ExecResult> {
    const result = await this.exec('sh -s', { stdin: script(lines, { stopOnError }), sudo: true, what, ...withDefaults(bounds, APPLY_BOUNDS) });
    if (stopOnError && result.code !== 0) {
      throw new DatalypticaError('E_REMOTE_COMMAND', `${this.host}: ${what} failed (exit ${result.code}): ${lastLine(result.stderr) || lastLine(result.stdout)}`, {
        hint: `the full output is in the run log for ${this.host}`,
      });
    }
    return result;
  }

  /** Runs the probe lines of many resources in ONE round trip and returns each one's output. */
  async probe(groups: string[][]): Promise<string[]> {
    if (groups.length === 0) return [];
    const nonce = randomBytes(6).toString('hex');
    const lines = groups.flatMap((group, index) => [call('dl_mark', nonce, index), ...group]);
    const result = await this.run(lines, 'reading the host state', false, PROBE_BOUNDS);
    const parts = result.stdout.split(new RegExp(`\\n@@DL:${nonce}:\\d+\\n`));
    if (parts.length !== groups.length + 1) {
      throw new DatalypticaError('E_PROBE', `${this.host}: reading the host state failed (exit ${result.code}): ${lastLine(result.stderr) || 'truncated output'}`, {
        hint: `the full output is in the run log for ${this.host}`,
      });
    }
    return parts.slice(1);
  }

  async upload(content: Buffer | string, remotePath: string): Promise<void> {
    this.roundTrips++;
    this.log.write(this.host, `upload ${Buffer.byteLength(content)} bytes -> ${remotePath}`);
    await this.transport.upload(content, remotePath);
  }

  async uploadFile(localPath: string, remotePath: string): Promise<void> {
    this.roundTrips++;
    this.log.write(this.host, `upload ${localPath} -> ${remotePath}`);
    await this.transport.uploadFile(localPath, remotePath);
  }

  /** What a resource's apply may do; `bounds` are the resource's own (Resource.timeoutMs, idleTimeoutMs). */
  applyContext(artifacts: ArtifactStore, bounds: ExecBounds = {}): ApplyContext {
    const stagingPath = () => posix.join(STAGING_DIR, `datalyptica-${randomBytes(8).toString('hex')}`);
    return {
      host: this.host,
      artifacts,
      run: (lines, what) => this.run(lines, what, true, bounds),
      stage: async (content) => {
        const path = stagingPath();
        await this.upload(content, path);
        return path;
      },
      stageFile: async (localPath) => {
        const path = stagingPath();
        await this.uploadFile(localPath, path);
        return path;
      },
    };
  }
}
