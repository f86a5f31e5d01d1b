import type { SshSettings } from '../../inventory/model.js';
import { sudoAskedForPassword } from '../../ssh/sudo.js';
import type { HostFacts } from '../parse-facts.js';
import type { CheckOutcome } from '../types.js';

/** The result of the one extra round trip for password sudo: the transport tried the password. */
export type PasswordSudoProbe = { ok: true; passwordEnv: string } | { ok: false; message: string; hint?: string };

/** Whether the facts show sudo asking for a password that the inventory says how to supply. */
export function needsPasswordProbe(ssh: SshSettings, facts: HostFacts, env: NodeJS.ProcessEnv): boolean {
  const passwordEnv = ssh.become?.passwordEnv;
  return (ssh.become?.method ?? 'sudo') === 'sudo' && facts.sudo.state === 'fail' && sudoAskedForPassword(facts.sudo.error ?? '') && passwordEnv !== undefined && Boolean(env[passwordEnv]);
}

/**
 * Installing needs root: the SSH user is root, or sudo works (without a password, or with the
 * one from ssh.become.passwordEnv). `become: none` promises the user is root already.
 */
export function checkSudo(ssh: SshSettings, facts: HostFacts, passwordProbe?: PasswordSudoProbe): CheckOutcome {
  const who = `${ssh.user} (uid ${facts.uid ?? '?'})`;
  if (facts.uid === 0) return { status: 'pass', detail: `connected as root` };
  if (ssh.become?.method === 'none') {
    return { status: 'fail', detail: `ssh.become.method is none, but ${who} is not root`, fix: 'connect as root (ssh.user: root) or set ssh.become.method: sudo' };
  }
  if (facts.sudo.state === 'ok') return { status: 'pass', detail: `${who}: sudo without a password` };
  if (passwordProbe?.ok) return { status: 'pass', detail: `${who}: sudo with the password from $${passwordProbe.passwordEnv}` };
  if (passwordProbe) return { status: 'fail', detail: passwordProbe.message, fix: passwordProbe.hint ?? 'check the sudo password' };
  const error = facts.sudo.error ?? 'no answer';
  if (sudoAskedForPassword(error)) {
    const passwordEnv = ssh.become?.passwordEnv;
    return {
      status: 'fail',
      detail: `${who}: sudo asks for a password`,
      fix: passwordEnv ? `export ${passwordEnv} with the sudo password, or allow NOPASSWD in sudoers` : 'set ssh.become.passwordEnv and export that variable, or allow NOPASSWD in sudoers',
    };
  }
  return { status: 'fail', detail: `${who}: sudo failed: ${error}`, fix: 'install sudo and allow the SSH user, or connect as root (ssh.user: root)' };
}
