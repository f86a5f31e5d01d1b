import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { Duplex } from 'node:stream';
import { systemClock, type Clock } from '../core/clock.js';
import { DatalypticaError } from '../core/errors.js';
import type { SshSettings } from '../inventory/model.js';
import { isPermanent, mapConnectError, type Target } from './connect-errors.js';
import { HostKeyVerifier } from './host-key-verifier.js';
import { sudoAskedForPassword, sudoMissing, sudoPasswordRequired, sudoPasswordWrong, wrapSudo, type BecomeMode } from './sudo.js';
import { killGroupScript, OutputTail, remoteTimeout, shortCommand, watched, type Expiry, type WatchedCommand } from './exec-watch.js';
import { SshConnection, type SftpLike, type SshConnectConfig } from './ssh-connection.js';
import type { ExecBounds, ExecOptions, ExecResult, Transport } from './transport.js';

export interface SshConnectOptions {
  /** Inventory host name, used in every message. */
  host: string;
  /** Address to connect to (the host's management address). */
  address: string;
  ssh: SshSettings;
  acceptNewHostKeys: boolean;
  /** Environment for the sudo password variable and the SSH agent socket. */
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Connection attempts before giving up on a transient failure (refused, timeout). */
  attempts?: number;
  /** Overrides ssh.connectTimeoutSeconds: `status` must give up on a dead host within its deadline. */
  connectTimeoutMs?: number;
  /**
   * How to reach sshd when not by a direct TCP connection: a stream per attempt, e.g. a tunnel
   * through the bastion or a socket the pool has dialled already.
   */
  stream?: (target: Target) => Promise<Duplex>;
}

/** The kill exec itself (TERM, up to 5 s of grace, KILL) must not hang the run either. */
const STOP_TIMEOUT_MS = 15_000;
const SUDO_CHECK_TIMEOUT_MS = 30_000;

/** Environment variable read for password authentication (never a flag: argv is visible in ps). */
export const SSH_PASSWORD_ENV = 'DATALYPTICA_SSH_PASSWORD';

export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

export function knownHostsPathOf(ssh: SshSettings): string {
  return expandHome(ssh.knownHosts ?? '~/.ssh/known_hosts');
}

function authConfig(ssh: SshSettings, privateKeyPath: string | undefined, env: NodeJS.ProcessEnv, target: Target): Pick<SshConnectConfig, 'privateKey' | 'agent' | 'password'> {
  const config: Pick<SshConnectConfig, 'privateKey' | 'agent' | 'password'> = {};
  if (privateKeyPath) {
    try {
      config.privateKey = readFileSync(expandHome(privateKeyPath), 'utf8');
    } catch (error) {
      throw new DatalypticaError('E_SSH_KEY', `${target.host}: cannot read private key ${privateKeyPath}`, { hint: 'check ssh.privateKey', cause: error });
    }
  }
  if ((ssh.agent ?? !privateKeyPath) && env.SSH_AUTH_SOCK) config.agent = env.SSH_AUTH_SOCK;
  if (env[SSH_PASSWORD_ENV]) config.password = env[SSH_PASSWORD_ENV];
  return config;
}

/** Opens one SSH connection with host-key checking, retries with backoff on transient errors. */
export async function openSsh(target: Target, ssh: SshSettings, privateKeyPath: string | undefined, options: SshConnectOptions): Promise<SshConnection> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  // Four attempts (0.5 + 1 + 2 s of backoff) ride out an sshd that is restarting or briefly resetting.
  const attempts = options.attempts ?? 4;
  const timeoutMs = options.connectTimeoutMs ?? (ssh.connectTimeoutSeconds ?? 10) * 1000;
  const auth = authConfig(ssh, privateKeyPath, env, target);
  for (let attempt = 1; ; attempt++) {
    const verifier = new HostKeyVerifier(target, knownHostsPathOf(ssh), options.acceptNewHostKeys);
    try {
      const sock = options.stream ? await options.stream(target) : undefined;
      return await SshConnection.open({
        host: target.address,
        port: target.port,
        username: target.user,
        readyTimeout: timeoutMs,
        keepaliveInterval: 15_000,
        hostVerifier: verifier.verify,
        ...(verifier.algorithms ? { algorithms: { serverHostKey: verifier.algorithms } } : {}),
        ...(sock ? { sock } : {}),
        ...auth,
      });
    } catch (error) {
      const mapped = verifier.rejection ?? mapConnectError(error, target, timeoutMs);
      if (isPermanent(mapped) || attempt >= attempts) throw mapped;
      await clock.sleep(500 * 2 ** (attempt - 1));
    }
  }
}

/** A Transport over one SSH connection (ssh2, in Node). */
export class SshTransport implements Transport {
  private become: BecomeMode | undefined;
  private sftp: Promise<SftpLike> | undefined;

  constructor(
    readonly host: string,
    readonly user: string,
    private readonly connection: SshConnection,
    private readonly ssh: SshSettings,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  static async connect(options: SshConnectOptions): Promise<SshTransport> {
    const target: Target = { host: options.host, address: options.address, port: options.ssh.port ?? 22, user: options.ssh.user };
    const client = await openSsh(target, options.ssh, options.ssh.privateKey, options);
    return new SshTransport(options.host, options.ssh.user, client, options.ssh, options.env);
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    // Only a bounded command can expire, so only it needs to report its process group.
    const watch = options.timeoutMs !== undefined || options.idleTimeoutMs !== undefined ? watched(command) : undefined;
    let finalCommand = watch?.command ?? command;
    let stdin = options.stdin;
    if (options.sudo) {
      ({ command: finalCommand, stdin } = wrapSudo(finalCommand, await this.becomeMode(), stdin));
    }
    const result = await this.raw(finalCommand, stdin, { what: options.what ?? shortCommand(command), bounds: options, watch, sudo: options.sudo ?? false });
    if (options.sudo && result.code !== 0 && this.become?.kind !== 'root' && sudoAskedForPassword(result.stderr)) {
      throw sudoPasswordRequired(this.host, this.ssh.become?.passwordEnv);
    }
    return result;
  }

  /** Runs one command on a new channel; past a bound, stops it on the host and rejects with E_REMOTE_TIMEOUT. */
  private async raw(command: string, stdin: string | Buffer | undefined, run: RawRun): Promise<ExecResult> {
    const { timeoutMs, idleTimeoutMs } = run.bounds;
    let channel: { close(): void } | undefined;
    let settled = false;
    let expire: (expiry: Expiry) => void = () => undefined;
    const expired = new Promise<Expiry>((resolve) => (expire = resolve));
    const total = timeoutMs === undefined ? undefined : setTimeout(() => expire({ kind: 'total', ms: timeoutMs }), timeoutMs);
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      if (idleTimeoutMs === undefined || settled) return;
      clearTimeout(idle);
      idle = setTimeout(() => expire({ kind: 'idle', ms: idleTimeoutMs }), idleTimeoutMs);
    };
    const tail = new OutputTail();
    let stderrHead = '';
    let pgid: number | undefined;
    const output = (chunk: Buffer) => {
      tail.push(chunk.toString());
      armIdle();
    };
    armIdle();
    const running = this.connection.exec(command, {
      ...(stdin === undefined ? {} : { stdin }),
      onChannel: (c) => (channel = c),
      onStdout: output,
      onStderr: (chunk) => {
        output(chunk);
        // The report is the command's first stderr line (after at most a sudo lecture).
        if (run.watch && pgid === undefined && stderrHead.length < 4096) pgid = run.watch.pgidIn((stderrHead += chunk.toString()));
      },
    });
    try {
      const outcome = await Promise.race([running, expired]);
      if ('kind' in outcome) {
        const stopped = await this.stop(pgid, run.sudo);
        channel?.close();
        throw remoteTimeout(this.host, run.what, outcome, stopped, tail.lines(3, run.watch?.strip));
      }
      const stderr = run.watch ? run.watch.strip(outcome.stderr) : outcome.stderr;
      return { code: outcome.code ?? 255, stdout: outcome.stdout, stderr };
    } catch (error) {
      if (error instanceof DatalypticaError) throw error;
      throw new DatalypticaError('E_SSH_LOST', `${this.host}: SSH connection lost: ${(error as Error).message}`, { hint: 'check the host and retry with --resume', cause: error });
    } finally {
      settled = true;
      clearTimeout(total);
      clearTimeout(idle);
    }
  }

  /** Signals an expired command's process group over a second exec; says how that went, for the message. */
  private async stop(pgid: number | undefined, sudo: boolean): Promise<string> {
    if (pgid === undefined) return 'it never reported its process, so it may still run there';
    const kill = killGroupScript(pgid);
    const { command, stdin } = sudo && this.become ? wrapSudo(kill, this.become, undefined) : { command: kill, stdin: undefined };
    try {
      const result = await this.raw(command, stdin, { what: 'kill', bounds: { timeoutMs: STOP_TIMEOUT_MS }, sudo });
      return result.code === 0 ? 'killed on the host' : `killing it on the host failed, exit ${result.code}: ${shortCommand(result.stderr)}`;
    } catch (error) {
      return `killing it on the host failed: ${error instanceof DatalypticaError ? error.code : (error as Error).message}`;
    }
  }

  /** Decides once per connection how to become root, costing one round trip for non-root users. */
  private async becomeMode(): Promise<BecomeMode> {
    if (this.become) return this.become;
    if (this.user === 'root' || this.ssh.become?.method === 'none') return (this.become = { kind: 'root' });
    const probe = await this.raw('sudo -n -- sh -c true', undefined, { what: 'sudo -n true', bounds: { timeoutMs: SUDO_CHECK_TIMEOUT_MS }, sudo: false });
    if (probe.code === 0) return (this.become = { kind: 'nopasswd' });
    if (!sudoAskedForPassword(probe.stderr)) throw sudoMissing(this.host, probe.stderr);
    const passwordEnv = this.ssh.become?.passwordEnv;
    const password = passwordEnv ? this.env[passwordEnv] : undefined;
    if (!passwordEnv || !password) throw sudoPasswordRequired(this.host, passwordEnv);
    const mode: BecomeMode = { kind: 'password', password };
    const check = wrapSudo('true', mode, undefined);
    const checked = await this.raw(check.command, check.stdin, { what: 'sudo password check', bounds: { timeoutMs: SUDO_CHECK_TIMEOUT_MS }, sudo: false });
    if (checked.code !== 0) throw sudoPasswordWrong(this.host, passwordEnv);
    return (this.become = mode);
  }

  private sftpSession(): Promise<SftpLike> {
    this.sftp ??= this.connection.sftp();
    return this.sftp;
  }

  async upload(content: Buffer | string, remotePath: string): Promise<void> {
    const sftp = await this.sftpSession();
    await new Promise<void>((resolve, reject) =>
      sftp.writeFile(remotePath, typeof content === 'string' ? Buffer.from(content) : content, { mode: 0o600 }, (error) => (error ? reject(this.uploadError(remotePath, error)) : resolve())),
    );
  }

  async uploadFile(localPath: string, remotePath: string): Promise<void> {
    const sftp = await this.sftpSession();
    await new Promise<void>((resolve, reject) =>
      sftp.fastPut(localPath, remotePath, { mode: 0o600 }, (error) => (error ? reject(this.uploadError(remotePath, error)) : resolve())),
    );
  }

  private uploadError(remotePath: string, error: Error): DatalypticaError {
    return new DatalypticaError('E_SSH_UPLOAD', `${this.host}: upload to ${remotePath} failed: ${error.message}`, { hint: 'check free space and permissions there', cause: error });
  }

  async close(): Promise<void> {
    this.connection.end();
  }
}

/** One call of `raw`: its name for messages, its bounds, and how to stop it when they expire. */
interface RawRun {
  what: string;
  bounds: ExecBounds;
  watch?: WatchedCommand;
  /** The command runs through sudo, so killing it must too. */
  sudo: boolean;
}
