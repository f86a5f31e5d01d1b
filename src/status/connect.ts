import type { SshPoolOptions } from '../ssh/pool.js';

/**
 * Measured on the lab with both cores of the machine busy: the first answer of a run (SSH
 * handshake, then a first session, which starts systemd's user manager) took up to 2.5 s. Four
 * times that keeps a busy but healthy host from passing for silent; a powered-off host is told
 * apart much sooner, by its TCP silence (the reach looks below). Defined here, with the other
 * connection settings, so that `status` can start connecting before the status core loads.
 */
export const DEFAULT_DEADLINE_MS = 10_000;

/**
 * The TCP looks at a host's sshd before its SSH handshake. A host that is up answers a SYN from
 * its kernel: on the lab with both cores busy, 5 hosts at once took at most 0.3 s. The second
 * look sends a fresh SYN where the first may have been lost. Silence at both (a powered-off host:
 * its link is down, so no refusal comes either) is reported within 2 s.
 */
export const REACH_LOOKS_MS: readonly number[] = [1000, 750];

/** How `status` connects: dial with the reach looks, then one handshake within the deadline. */
export function statusSshOptions(deadlineMs: number = DEFAULT_DEADLINE_MS): Pick<SshPoolOptions, 'connectTimeoutMs' | 'attempts' | 'reachLooksMs'> {
  return { connectTimeoutMs: deadlineMs, attempts: 1, reachLooksMs: REACH_LOOKS_MS };
}
