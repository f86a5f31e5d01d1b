import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import type { Duplex, Readable } from 'node:stream';

/**
 * One SSH connection over ssh2, with promises for the four things the tool does on it: run a
 * command, open SFTP, tunnel to another host (the bastion), close. ssh2 is used directly
 * rather than through a wrapper library: the wrapper and its dependencies cost every `status`
 * about 40 ms of start-up for these few lines. ssh2 loads on the first connection, not with
 * this module, so `status` can dial every host while it parses.
 */

/** What ssh2's Client.connect takes, as far as the tool sets it. */
export interface SshConnectConfig {
  host: string;
  port: number;
  username: string;
  readyTimeout: number;
  keepaliveInterval: number;
  hostVerifier: (key: Buffer) => boolean;
  algorithms?: { serverHostKey: string[] };
  sock?: Duplex;
  privateKey?: string;
  agent?: string;
  password?: string;
}

/** The part of ssh2's Client the tool uses (ssh2 ships no types in this project). */
interface Ssh2Client extends EventEmitter {
  connect(config: SshConnectConfig): void;
  exec(command: string, callback: (error: Error | undefined, channel: Ssh2Channel) => void): boolean;
  sftp(callback: (error: Error | undefined, sftp: SftpLike) => void): void;
  forwardOut(srcIP: string, srcPort: number, dstIP: string, dstPort: number, callback: (error: Error | undefined, channel: Duplex) => void): void;
  end(): void;
}

/** A session channel: stdout is the stream itself, stderr beside it; `exit` carries the code. */
interface Ssh2Channel extends Duplex {
  stderr: Readable;
  close(): void;
}

/** The part of ssh2's SFTPWrapper the tool uses. */
export interface SftpLike {
  writeFile(path: string, data: Buffer, options: { mode: number }, callback: (error?: Error | null) => void): void;
  fastPut(localPath: string, remotePath: string, options: { mode: number }, callback: (error?: Error | null) => void): void;
}

export interface ExecHandlers {
  stdin?: string | Buffer;
  /** The channel once open, so that the caller can close it when a bound expires. */
  onChannel?: (channel: { close(): void }) => void;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

/** `code` is null when the command ended without an exit status (killed by a signal, or the connection dropped). */
export interface RawExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let Client: (new () => Ssh2Client) | undefined;
const clientClass = () => (Client ??= (createRequire(import.meta.url)('ssh2') as { Client: new () => Ssh2Client }).Client);

/** A connection error with ssh2's shape (`code`), for mapConnectError. */
function closedError(): Error {
  return Object.assign(new Error('No response from server'), { code: 'ETIMEDOUT' });
}

export class SshConnection {
  private constructor(private readonly client: Ssh2Client) {}

  /** Connects and authenticates; rejects with ssh2's error (its `code` or `level` says why). */
  static open(config: SshConnectConfig): Promise<SshConnection> {
    const client = new (clientClass())();
    return new Promise((resolve, reject) => {
      // A failed attempt leaves nothing open behind it (ssh2 may still hold the socket after a refused key).
      const fail = (error: Error) => (client.end(), reject(error));
      client.on('error', fail);
      // A close before `ready` (the server hung up, or the ready timeout) is a failed connect; after it, a no-op.
      client.on('close', () => reject(closedError()));
      client.on('ready', () => {
        client.removeListener('error', fail);
        // Later connection errors surface as the failure of what runs on it; one must never go unhandled.
        client.on('error', () => undefined);
        resolve(new SshConnection(client));
      });
      client.connect(config);
    });
  }

  /**
   * Runs one command on a new channel and collects its output. An error before the channel
   * opens rejects; once open, a dropped connection closes the channel, which resolves with
   * `code: null` and whatever output arrived (the caller reports that as exit 255).
   */
  async exec(command: string, handlers: ExecHandlers = {}): Promise<RawExecResult> {
    const channel = await this.request<Ssh2Channel>((resolve, reject) => this.client.exec(command, (error, opened) => (error ? reject(error) : resolve(opened))));
    handlers.onChannel?.(channel);
    return new Promise((resolve) => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let code: number | null = null;
      channel.on('data', (chunk: Buffer) => (stdout.push(chunk), handlers.onStdout?.(chunk)));
      channel.stderr.on('data', (chunk: Buffer) => (stderr.push(chunk), handlers.onStderr?.(chunk)));
      channel.on('exit', (exitCode: unknown) => (code = typeof exitCode === 'number' ? exitCode : null));
      // Decoded once at the end, so that a character split between two packets stays whole.
      channel.on('close', () => resolve({ code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }));
      channel.end(handlers.stdin);
    });
  }

  sftp(): Promise<SftpLike> {
    return this.request((resolve, reject) => this.client.sftp((error, sftp) => (error ? reject(error) : resolve(sftp))));
  }

  /** A TCP stream from the server to `address:port` (the bastion's tunnel to a host). */
  forwardOut(address: string, port: number): Promise<Duplex> {
    return this.request((resolve, reject) => this.client.forwardOut('127.0.0.1', 0, address, port, (error, channel) => (error ? reject(error) : resolve(channel))));
  }

  end(): void {
    this.client.end();
  }

  /** A request that also fails when the connection errors before the server answers it (ssh2 then never calls back). */
  private request<T>(start: (resolve: (value: T) => void, reject: (error: Error) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      this.client.on('error', fail);
      const settle =
        <A>(settler: (value: A) => void) =>
        (value: A) => {
          this.client.removeListener('error', fail);
          settler(value);
        };
      start(settle(resolve), settle(reject));
    });
  }
}
