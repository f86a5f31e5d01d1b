import type { Clock } from '../core/clock.js';
import { isDatalypticaError } from '../core/errors.js';
import type { SshSettings } from '../inventory/model.js';
import type { ConnectionPool } from '../ssh/pool.js';
import { needsPasswordProbe, type PasswordSudoProbe } from './checks/sudo.js';
import { factsScript, type ProbeTarget } from './facts-script.js';
import { parseFacts, type HostFacts } from './parse-facts.js';
import { FACTS_TIMEOUT_MS } from './thresholds.js';

export type Gathered =
  | { host: string; ok: true; facts: HostFacts; sentMs: number; receivedMs: number; passwordProbe?: PasswordSudoProbe }
  | { host: string; ok: false; message: string; hint?: string };

function failure(host: string, error: unknown): Gathered {
  if (isDatalypticaError(error)) return { host, ok: false, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { host, ok: false, message: `${host}: ${error instanceof Error ? error.message : String(error)}` };
}

/**
 * One round trip per host: connect (through the pool), run the facts script, parse. Only a
 * password sudo costs a second one, because trying the password is the transport's job.
 */
export async function gatherHost(pool: ConnectionPool, host: string, probes: readonly ProbeTarget[], ssh: SshSettings, clock: Clock, env: NodeJS.ProcessEnv): Promise<Gathered> {
  try {
    const transport = await pool.get(host);
    const sentMs = clock.now();
    const result = await transport.exec('sh -s', { stdin: factsScript(probes), timeoutMs: FACTS_TIMEOUT_MS });
    const receivedMs = clock.now();
    if (result.code !== 0) {
      const reason = result.stderr.trim().split('\n')[0] || `exit code ${result.code}`;
      return { host, ok: false, message: `${host}: the facts script failed: ${reason}`, hint: 'check that the SSH user has a POSIX sh' };
    }
    const facts = parseFacts(result.stdout, probes.map((probe) => probe.key));
    if (!needsPasswordProbe(ssh, facts, env)) return { host, ok: true, facts, sentMs, receivedMs };
    const passwordProbe: PasswordSudoProbe = await transport.exec('true', { sudo: true, timeoutMs: FACTS_TIMEOUT_MS }).then(
      (probe): PasswordSudoProbe => (probe.code === 0 ? { ok: true, passwordEnv: ssh.become!.passwordEnv! } : { ok: false, message: `${host}: sudo true exited ${probe.code}` }),
      (error: unknown): PasswordSudoProbe => ({ ok: false, message: error instanceof Error ? error.message : String(error), ...(isDatalypticaError(error) && error.hint ? { hint: error.hint } : {}) }),
    );
    return { host, ok: true, facts, sentMs, receivedMs, passwordProbe };
  } catch (error) {
    return failure(host, error);
  }
}
