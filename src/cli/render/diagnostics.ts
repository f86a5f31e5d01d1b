import type { Diagnostic } from '../../inventory/diagnostics.js';
import type { ValidationResult } from '../../inventory/validate.js';
import type { CliIo } from '../io.js';

/** `FILE:LINE:COL: error|warning: message (hint)`, the format editors and CI annotate from. */
export function diagnosticLine(io: CliIo, file: string, diagnostic: Diagnostic): string {
  const severity = diagnostic.severity === 'error' ? io.color.red('error') : io.color.yellow('warning');
  const hint = diagnostic.hint ? io.color.dim(` (${diagnostic.hint})`) : '';
  return `${file}:${diagnostic.line}:${diagnostic.col}: ${severity}: ${diagnostic.message}${hint}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `inventory.yaml: 2 errors, 1 warning` or `inventory.yaml: valid (1 warning)`. */
export function summaryLine(io: CliIo, result: ValidationResult): string {
  const { file, errors, warnings } = result;
  if (errors.length > 0) {
    const parts = [io.color.red(plural(errors.length, 'error')), ...(warnings.length > 0 ? [io.color.yellow(plural(warnings.length, 'warning'))] : [])];
    return `${file}: ${parts.join(', ')}`;
  }
  return `${file}: ${io.color.green('valid')}${warnings.length > 0 ? ` (${io.color.yellow(plural(warnings.length, 'warning'))})` : ''}`;
}

/** The `--json` shape: `{ valid, errors, warnings }`, each item with line, col, code, message. */
export function diagnosticsJson(result: ValidationResult) {
  const item = (d: Diagnostic) => ({ line: d.line, col: d.col, code: d.code, message: d.message, ...(d.hint ? { hint: d.hint } : {}), path: d.path });
  return { file: result.file, valid: result.valid, errors: result.errors.map(item), warnings: result.warnings.map(item) };
}
