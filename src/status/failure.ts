import { DatalypticaError } from '../core/errors.js';

/**
 * What a failed round trip to a host says about it.
 * - `unreachable`: positive evidence that nothing answers there: refused, no route, no TCP answer
 *   to two connection attempts (a powered-off host), or another machine's host key at its address.
 * - `slow`: it was given its time and did not answer: unknown, not down.
 * - `flaky`: the connection broke (reset in the handshake, lost mid-command): worth one more try.
 * - `blind`: it cannot be asked (credentials, unknown host key, sudo): unknown, with the reason.
 */
export type FailureKind = 'unreachable' | 'slow' | 'flaky' | 'blind';

const KINDS: Record<string, FailureKind> = {
  E_SSH_SILENT: 'unreachable',
  E_SSH_REFUSED: 'unreachable',
  E_SSH_UNREACHABLE: 'unreachable',
  E_HOSTKEY_CHANGED: 'unreachable',
  E_STATUS_DEADLINE: 'slow',
  E_SSH_TIMEOUT: 'slow',
  E_REMOTE_TIMEOUT: 'slow',
  E_SSH_EXEC_TIMEOUT: 'slow',
  E_SSH_RESET: 'flaky',
  E_SSH_LOST: 'flaky',
};

export function failureKind(error: unknown): FailureKind {
  return error instanceof DatalypticaError ? (KINDS[error.code] ?? 'blind') : 'blind';
}
