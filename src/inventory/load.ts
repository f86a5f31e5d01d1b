import { open } from 'node:fs/promises';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { usageError } from '../core/errors.js';
import type { Diagnostic } from './diagnostics.js';
import { offsetPosition } from './position.js';

/** Inventories are a few KiB; anything this large is a mistake or an attack. */
export const MAX_INVENTORY_BYTES = 1024 * 1024;
/** Aliases expanded while converting to data: enough for real reuse, far too few for a "billion laughs". */
export const MAX_ALIAS_COUNT = 200;
const MAX_YAML_ERRORS = 5;

export interface LoadedInventory {
  file: string;
  text: string;
  /** Present when the bytes decoded; positions come from here. */
  doc?: Document;
  lineCounter: LineCounter;
  /** Plain data of the document; undefined when any load error occurred. */
  data: unknown;
  diagnostics: Diagnostic[];
}

function loadError(code: string, message: string, hint: string, line = 1, col = 1): Diagnostic {
  return { severity: 'error', code, message, hint, path: [], line, col };
}

/**
 * Reads an inventory file. Missing or unreadable files are usage problems (exit 2, thrown);
 * everything about the content is returned as diagnostics.
 */
export async function loadInventoryFile(file: string): Promise<LoadedInventory> {
  const bytes = await readCapped(file);
  return loadInventoryBytes(file, bytes);
}

/** Reads at most MAX_INVENTORY_BYTES + 1 bytes, so a huge or endless file cannot exhaust memory. */
async function readCapped(file: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (cause) {
    throw unreadable(file, cause);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw usageError('E_INVENTORY_NOT_FILE', `${file}: not a regular file`, 'pass the path of an inventory YAML file with -i');
    const buffer = new Uint8Array(MAX_INVENTORY_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } catch (cause) {
    if (cause instanceof Error && cause.name === 'DatalypticaError') throw cause;
    throw unreadable(file, cause);
  } finally {
    await handle.close();
  }
}

function unreadable(file: string, cause: unknown) {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return usageError('E_INVENTORY_NOT_FOUND', `${file}: no such file`, 'create one with `datalyptica init` or pass -i FILE');
  }
  const reason = code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String((cause as Error | undefined)?.message ?? cause);
  return usageError('E_INVENTORY_UNREADABLE', `${file}: cannot read (${reason})`, 'check the path and its permissions');
}

/** Decodes and parses inventory bytes; never throws for content problems. */
export function loadInventoryBytes(file: string, bytes: Uint8Array): LoadedInventory {
  const lineCounter = new LineCounter();
  const base = { file, text: '', lineCounter, data: undefined };
  if (bytes.length > MAX_INVENTORY_BYTES) {
    const diagnostic = loadError('E_FILE_TOO_LARGE', `file is larger than ${MAX_INVENTORY_BYTES / 1024} KiB`, 'an inventory is a few KiB of YAML; check that this is the right file');
    return { ...base, diagnostics: [diagnostic] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ...base, diagnostics: [notUtf8(bytes)] };
  }
  return loadInventoryText(file, text, lineCounter);
}

/** Position of the first byte that is not valid UTF-8, found by decoding the valid prefix. */
function notUtf8(bytes: Uint8Array): Diagnostic {
  let low = 0;
  let high = bytes.length;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Largest prefix that decodes (a cut inside a valid multi-byte character also fails,
  // so the search lands on the start of the offending sequence).
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      decoder.decode(bytes.subarray(0, middle));
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, low));
  const lines = prefix.split('\n');
  const line = lines.length;
  const col = (lines[lines.length - 1]?.length ?? 0) + 1;
  return loadError('E_NOT_UTF8', `file is not valid UTF-8 (byte 0x${(bytes[low] ?? 0).toString(16).padStart(2, '0')} at offset ${low})`, 'save the file as UTF-8', line, col);
}

/** Parses YAML text: syntax errors, duplicate keys, empty documents and alias bombs become diagnostics. */
export function loadInventoryText(file: string, text: string, lineCounter = new LineCounter()): LoadedInventory {
  const base = { file, text, lineCounter, data: undefined };
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, schema: 'core', version: '1.2' });
  } catch (cause) {
    // The parser recurses on nesting; absurd nesting must not surface as a stack trace.
    const message = cause instanceof RangeError ? 'YAML nesting is too deep' : `YAML could not be parsed: ${String(cause)}`;
    return { ...base, diagnostics: [loadError('E_YAML_SYNTAX', message, 'an inventory nests a few levels at most')] };
  }
  const diagnostics: Diagnostic[] = [];
  for (const problem of reportable(doc.errors)) {
    const { line, col } = offsetPosition(lineCounter, problem.pos[0]);
    const duplicate = problem.code === 'DUPLICATE_KEY';
    diagnostics.push({
      severity: 'error',
      code: duplicate ? 'E_YAML_DUPLICATE_KEY' : 'E_YAML_SYNTAX',
      message: duplicate ? 'duplicate key: the same key appears twice in this mapping' : `YAML syntax: ${yamlMessage(problem.message)}`,
      hint: duplicate ? 'keep one of the two entries' : 'check indentation, quotes and colons here',
      path: [],
      line,
      col,
    });
  }
  for (const problem of reportable(doc.warnings)) {
    const { line, col } = offsetPosition(lineCounter, problem.pos[0]);
    diagnostics.push({ severity: 'warning', code: 'W_YAML', message: `YAML: ${firstLine(problem.message)}`, path: [], line, col });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { ...base, doc, diagnostics };
  if (doc.contents === null) {
    diagnostics.push(loadError('E_EMPTY', 'the file is empty', 'write an inventory with `datalyptica init` or copy inventory.example.yaml'));
    return { ...base, doc, diagnostics };
  }
  try {
    return { ...base, doc, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), diagnostics };
  } catch (cause) {
    const bomb = cause instanceof ReferenceError || /alias/i.test(String(cause));
    diagnostics.push(
      bomb
        ? loadError('E_YAML_ALIAS_LIMIT', `too many alias expansions (limit ${MAX_ALIAS_COUNT})`, 'write the values out instead of nesting anchors and aliases')
        : loadError('E_YAML_SYNTAX', `YAML could not be converted: ${firstLine(String(cause))}`, 'simplify the YAML at this position'),
    );
    return { ...base, doc, diagnostics };
  }
}

/** Every duplicate key, but only the first few other errors: one broken bracket cascades into hundreds. */
function reportable<T extends { code: string; pos: [number, number]; message: string }>(problems: T[]): T[] {
  const seen = new Set<string>();
  let others = 0;
  return problems.filter((problem) => {
    const key = `${problem.pos[0]}:${problem.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return problem.code === 'DUPLICATE_KEY' || ++others <= MAX_YAML_ERRORS;
  });
}

function yamlMessage(message: string): string {
  return /call stack/i.test(message) ? 'nesting is too deep' : firstLine(message);
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/\s+at line \d+, column \d+:?$/, '').trim() ?? message;
}
