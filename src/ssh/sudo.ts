import { DatalypticaError } from '../core/errors.js';

/**
 * Becoming root. `sudo -n` when no password is needed; otherwise `sudo -S -k -p ''` with the
 * password as the first line of stdin (never in argv). `-k` makes sudo always read that line,
 * so a cached credential can never leave the password for the shell to execute.
 */
export type BecomeMode = { kind: 'root' } | { kind: 'nopasswd' } | { kind: 'password'; password: string };

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function wrapSudo(command: string, mode: BecomeMode, stdin: string | Buffer | undefined): { command: string; stdin: string | Buffer | undefined } {
  if (mode.kind === 'root') return { command, stdin };
  if (mode.kind === 'nopasswd') return { command: `sudo -n -- sh -c ${shellQuote(command)}`, stdin };
  const prefix = `${mode.password}\n`;
  const body = stdin === undefined ? '' : stdin;
  return {
    command: `sudo -S -k -p '' -- sh -c ${shellQuote(command)}`,
    stdin: typeof body === 'string' ? prefix + body : Buffer.concat([Buffer.from(prefix), body]),
  };
}

export function sudoAskedForPassword(stderr: string): boolean {
  return /a password is required|a terminal is required|no tty present/i.test(stderr);
}

export function sudoPasswordRequired(host: string, passwordEnv: string | undefined): DatalypticaError {
  const hint = passwordEnv
    ? `export ${passwordEnv} with the sudo password of the SSH user, or allow NOPASSWD in sudoers`
    : 'set ssh.become.passwordEnv in the inventory and export that variable, or allow NOPASSWD in sudoers';
  return new DatalypticaError('E_SUDO_PASSWORD', `${host}: sudo asks for a password`, { hint });
}

export function sudoPasswordWrong(host: string, passwordEnv: string): DatalypticaError {
  return new DatalypticaError('E_SUDO_PASSWORD', `${host}: sudo refused the password from $${passwordEnv}`, {
    hint: `check the value of ${passwordEnv}`,
  });
}

export function sudoMissing(host: string, stderr: string): DatalypticaError {
  return new DatalypticaError('E_SUDO', `${host}: cannot become root with sudo: ${stderr.trim().split('\n')[0] ?? ''}`, {
    hint: 'install sudo and allow the SSH user, or connect as root (ssh.user: root)',
  });
}
