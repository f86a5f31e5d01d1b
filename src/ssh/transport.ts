/**
 * The one way the engine talks to a host. The real implementation is SSH (ssh2: ssh-transport.ts); tests use
 * an in-memory fake host (test/doubles/fake-host.ts). One Transport is one connection, reused by
 * every task of a run.
 */
export interface ExecOptions {
  /** Bytes written to the command's stdin (then closed). */
  stdin?: string | Buffer;
  /** Run as root through the inventory's `ssh.become` settings (no-op when the SSH user is root). */
  sudo?: boolean;
  /** Total bound: past it the command is killed on the host and exec rejects with E_REMOTE_TIMEOUT. */
  timeoutMs?: number;
  /** Idle bound: no stdout or stderr for this long is a hang, handled like the total bound. */
  idleTimeoutMs?: number;
  /** Short name for messages, e.g. `install jq` (default: the command's first line). Never the stdin, which may hold secrets. */
  what?: string;
}

/** The two bounds of a command; a Resource may declare its own. */
export type ExecBounds = Pick<ExecOptions, 'timeoutMs' | 'idleTimeoutMs'>;

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Transport {
  readonly host: string;
  /** The SSH user: uploads land as this user, so staging paths must be writable by it. */
  readonly user: string;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Writes `content` to `remotePath` over SFTP, as the SSH user. */
  upload(content: Buffer | string, remotePath: string): Promise<void>;
  /** Streams a local file to `remotePath` over SFTP (large artifacts). */
  uploadFile(localPath: string, remotePath: string): Promise<void>;
  close(): Promise<void>;
}
