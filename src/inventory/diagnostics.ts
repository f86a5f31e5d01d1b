/**
 * A problem found in an inventory, pointing at the YAML node at fault. Every check (parse,
 * schema, cross-field rules) reports these instead of throwing, so `validate` can print all
 * problems at once.
 */
export type Severity = 'error' | 'warning';

export type YamlPath = Array<string | number>;

export interface Diagnostic {
  severity: Severity;
  /** Stable code: E_* for errors, W_* for warnings (E_DUP_HOST_NAME, W_MEMORY_BUDGET). */
  code: string;
  message: string;
  hint?: string;
  /** Path of the node at fault in the inventory data (['hosts', 2, 'addresses', 'storage']). */
  path: YamlPath;
  /** 1-based position of that node (or its nearest existing ancestor) in the file. */
  line: number;
  col: number;
}

/** What a rule reports: the position is filled in from `path` by the validator. */
export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  hint?: string;
  path: YamlPath;
  /** Point at the key rather than the value (unknown or duplicate keys). */
  atKey?: boolean;
}

export function error(code: string, path: YamlPath, message: string, hint?: string): Finding {
  return { severity: 'error', code, message, path, ...(hint === undefined ? {} : { hint }) };
}

export function warning(code: string, path: YamlPath, message: string, hint?: string): Finding {
  return { severity: 'warning', code, message, path, ...(hint === undefined ? {} : { hint }) };
}

/** Renders a path the way users write it in YAML: hosts[2].addresses.storage. */
export function formatPath(path: YamlPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '(top level)' : out;
}

/** Orders diagnostics by position so the output reads like the file. */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.col - b.col || a.code.localeCompare(b.code);
}
