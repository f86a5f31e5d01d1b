/**
 * Every failure the user can act on is a DatalypticaError: a stable code, a one-line
 * message naming where, and a hint saying what to do. The CLI prints `error: message (hint)`
 * and exits with `exitCode`; anything else is a bug and is reported as such.
 */
export type ExitCode = 1 | 2;

export class DatalypticaError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, options: { hint?: string; exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DatalypticaError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Usage problems (bad flags, unreadable files) exit 2, like the validate contract asks. */
export function usageError(code: string, message: string, hint?: string): DatalypticaError {
  return new DatalypticaError(code, message, { hint, exitCode: 2 });
}

export function isDatalypticaError(error: unknown): error is DatalypticaError {
  return error instanceof DatalypticaError;
}
