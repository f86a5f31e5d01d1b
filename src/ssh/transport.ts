/**
 * The one way the engine talks to a host. The real implementation is SSH (node-ssh); tests use
 * an in-memory fake host (src/engine/fake-host.ts). One Transport is one connection, reused by
 * every task of a run.
 */
export interface ExecOptions {
  /** Bytes written to the command's stdin (then closed). */
  stdin?: string | Buffer;
  /** Run as root through the inventory's `ssh.become` settings (no-op when the SSH user is root). */
  sudo?: boolean;
  timeoutMs?: number;
}

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
