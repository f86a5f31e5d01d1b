import { DatalypticaError } from '../core/errors.js';

/** Where a connection attempt went, for one-line messages that name the host. */
export interface Target {
  host: string;
  address: string;
  port: number;
  user: string;
  /** Set when this is the bastion on the way to `host`. */
  bastionFor?: string;
}

export function describeTarget(target: Target): string {
  const where = `${target.host} (${target.address}:${target.port})`;
  return target.bastionFor ? `bastion ${where} for ${target.bastionFor}` : where;
}

/** Errors that another attempt will not fix: wrong credentials, wrong host key, bad config. */
export function isPermanent(error: DatalypticaError): boolean {
  return !['E_SSH_REFUSED', 'E_SSH_TIMEOUT', 'E_SSH_UNREACHABLE', 'E_SSH_RESET', 'E_SSH_SILENT'].includes(error.code);
}

/** No TCP answer from sshd to any of the looks: what a powered-off host, or a dropped route, looks like. */
export function silentError(target: Target, looksMs: readonly number[]): DatalypticaError {
  const looks = looksMs.map((ms) => `${ms / 1000} s`).join(', then ');
  const attempts = looksMs.length === 1 ? 'a TCP connection' : `${looksMs.length} TCP connections`;
  return new DatalypticaError('E_SSH_SILENT', `${describeTarget(target)}: no answer to ${attempts} (given ${looks})`, {
    hint: 'check that the host is powered on and that the address and ssh.port are right',
  });
}

/** Maps an ssh2/socket error to one line naming the host, with a hint. */
export function mapConnectError(error: unknown, target: Target, timeoutMs: number): DatalypticaError {
  if (error instanceof DatalypticaError) return error;
  const where = describeTarget(target);
  const err = error as { code?: string; level?: string; message?: string };
  const code = err.code ?? '';
  const message = err.message ?? String(error);
  if (code === 'ECONNREFUSED') {
    return new DatalypticaError('E_SSH_REFUSED', `${where}: connection refused`, { hint: 'check that sshd runs there and that ssh.port is right', cause: error });
  }
  if (code === 'ETIMEDOUT' || err.level === 'client-timeout' || /timed out/i.test(message)) {
    return new DatalypticaError('E_SSH_TIMEOUT', `${where}: no SSH answer within ${Math.round(timeoutMs / 1000)} s`, {
      hint: 'check the address, the firewall, or raise ssh.connectTimeoutSeconds',
      cause: error,
    });
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EHOSTDOWN') {
    return new DatalypticaError('E_SSH_UNREACHABLE', `${where}: host unreachable (${code})`, { hint: 'check the address and the route to it', cause: error });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new DatalypticaError('E_SSH_DNS', `${where}: the name does not resolve`, { hint: 'use an IP address or fix DNS', cause: error });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /lost before handshake/i.test(message)) {
    return new DatalypticaError('E_SSH_RESET', `${where}: connection reset during the SSH handshake`, { hint: 'check the address and that sshd runs there (it may also be restarting or rate-limiting connections)', cause: error });
  }
  if (err.level === 'client-authentication') {
    return new DatalypticaError('E_SSH_AUTH', `${where}: SSH key refused for user ${target.user}`, {
      hint: `check ssh.user and ssh.privateKey; try: ssh -p ${target.port} ${target.user}@${target.address}`,
      cause: error,
    });
  }
  if (/privateKey|private key|passphrase/i.test(message)) {
    return new DatalypticaError('E_SSH_KEY', `${where}: cannot use the private key: ${message}`, { hint: 'check ssh.privateKey (an unencrypted OpenSSH or PEM key)', cause: error });
  }
  return new DatalypticaError('E_SSH_CONNECT', `${where}: SSH connection failed: ${message}`, { hint: 'run with -v for details', cause: error });
}
