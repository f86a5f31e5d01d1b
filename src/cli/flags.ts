import { usageError } from '../core/errors.js';

/**
 * A numeric flag's value, or a usage error (exit 2) naming the flag, what was given and what
 * is expected. `accepts` says which numbers are valid; `expected` completes "expected …".
 */
export function numberFlag(flag: string, raw: unknown, accepts: (value: number) => boolean, expected: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || !accepts(value)) throw usageError('E_FLAGS', `${flag} ${String(raw)}: expected ${expected}`);
  return value;
}
