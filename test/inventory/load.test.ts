import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDatalypticaError } from '../../src/core/errors.js';
import { loadInventoryBytes, loadInventoryFile, loadInventoryText, MAX_INVENTORY_BYTES } from '../../src/inventory/load.js';

const codes = (text: string) => loadInventoryText('inv.yaml', text).diagnostics.map((d) => `${d.code}@${d.line}:${d.col}`);

describe('loading inventory YAML', () => {
  it('returns the data of a well-formed document', () => {
    const loaded = loadInventoryText('inv.yaml', 'cluster:\n  name: x\n');
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.data).toEqual({ cluster: { name: 'x' } });
  });

  it('reports a syntax error at its line and column', () => {
    expect(codes('a: 1\nb: [1, 2\nc: 3\n')).toEqual(['E_YAML_SYNTAX@3:1']);
  });

  it('reports every duplicate key, at the second occurrence', () => {
    expect(codes('a: 1\nb:\n  x: 1\n  x: 2\na: 3\n')).toEqual(['E_YAML_DUPLICATE_KEY@4:3', 'E_YAML_DUPLICATE_KEY@5:1']);
  });

  it('reports an empty or comment-only file', () => {
    expect(codes('')).toEqual(['E_EMPTY@1:1']);
    expect(codes('# nothing here\n\n')).toEqual(['E_EMPTY@1:1']);
  });

  it('bounds alias expansion (billion laughs)', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, previous] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f']]) {
      rows.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const started = Date.now();
    expect(codes(`${rows.join('\n')}\n`)).toEqual(['E_YAML_ALIAS_LIMIT@1:1']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('keeps a few aliases working', () => {
    const loaded = loadInventoryText('inv.yaml', 'base: &r {vcpu: 2}\nother: *r\n');
    expect(loaded.data).toEqual({ base: { vcpu: 2 }, other: { vcpu: 2 } });
  });

  it('turns absurd nesting into a syntax error, not a stack overflow', () => {
    const diagnostics = loadInventoryText('inv.yaml', '['.repeat(50_000)).diagnostics;
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.length).toBeLessThanOrEqual(5);
    expect(diagnostics.every((d) => d.code === 'E_YAML_SYNTAX')).toBe(true);
  });

  it('rejects several documents in one file', () => {
    expect(codes('a: 1\n---\nb: 2\n')).toEqual(['E_YAML_SYNTAX@2:1']);
  });

  it('rejects bytes that are not UTF-8 and points at the first bad one', () => {
    const bytes = new Uint8Array([...Buffer.from('a: 1\nb: caf'), 0xe9, ...Buffer.from('\n')]);
    const [diagnostic] = loadInventoryBytes('inv.yaml', bytes).diagnostics;
    expect(diagnostic).toMatchObject({ code: 'E_NOT_UTF8', line: 2, col: 7 });
  });

  it('accepts a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('a: 1\n')]);
    expect(loadInventoryBytes('inv.yaml', bytes).data).toEqual({ a: 1 });
  });

  it('rejects a file above the size cap without parsing it', () => {
    const bytes = new Uint8Array(MAX_INVENTORY_BYTES + 1).fill(0x61);
    expect(loadInventoryBytes('inv.yaml', bytes).diagnostics.map((d) => d.code)).toEqual(['E_FILE_TOO_LARGE']);
  });

  it('reads at most the cap from a multi-megabyte file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-load-'));
    const file = join(dir, 'big.yaml');
    writeFileSync(file, `a: "${'x'.repeat(3 * 1024 * 1024)}"\n`);
    const loaded = await loadInventoryFile(file);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['E_FILE_TOO_LARGE']);
  });

  it('throws a usage error (exit 2) for a missing file or a directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-load-'));
    mkdirSync(join(dir, 'sub'));
    for (const path of [join(dir, 'missing.yaml'), join(dir, 'sub')]) {
      const failure = await loadInventoryFile(path).catch((error: unknown) => error);
      expect(isDatalypticaError(failure) && failure.exitCode).toBe(2);
    }
  });
});
