import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateInventoryText } from '../../src/inventory/validate.js';

const VALID = readFileSync('test/fixtures/valid/spec-default.yaml', 'utf8');
const OPTIONS = { env: {}, home: '/nonexistent-home' };

/** Small deterministic PRNG so a failing case can be reproduced from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const WRONG_VALUES: unknown[] = [null, true, 0, -1, 1.5, 1e308, '', 'x'.repeat(300), '10.0.0.1', [], [1, 'a'], {}, { a: { b: 1 } }];

/** Every scalar and collection path of a document. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => paths(item, [...prefix, index]))];
  if (value !== null && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))];
  return [prefix];
}

describe('hostile and broken inputs', () => {
  it('reports wrong types everywhere as diagnostics with positions', () => {
    const text = [
      'apiVersion: 1',
      'cluster: [a, b]',
      'ssh: "root"',
      'networks: { management: 10, application: true, storage: null }',
      'vips: []',
      'hosts: { name: vm1 }',
      'services: 3',
      'versions: [1]',
      'nfs: { server: [], export: {}, mounts: "x" }',
      '',
    ].join('\n');
    const result = validateInventoryText('inv.yaml', text, OPTIONS);
    expect(result.valid).toBe(false);
    const lines = new Set(result.errors.map((d) => d.line));
    for (let line = 1; line <= 9; line++) expect(lines).toContain(line);
    expect(result.errors.every((d) => d.code.startsWith('E_SCHEMA_'))).toBe(true);
  });

  it('a scalar, a list or a string as the whole document is one clear error', () => {
    for (const text of ['42\n', '- a\n- b\n', 'just a sentence\n']) {
      const result = validateInventoryText('inv.yaml', text, OPTIONS);
      expect(result.errors).toEqual([expect.objectContaining({ code: 'E_SCHEMA_TYPE', line: 1, col: 1 })]);
    }
  });

  it('never throws when any node of a valid inventory gets a wrong value (300 seeded mutations)', () => {
    const next = random(42);
    const all = paths(parseDocument(VALID).toJS()).filter((path) => path.length > 0);
    for (let round = 0; round < 300; round++) {
      const doc = parseDocument(VALID);
      const path = all[Math.floor(next() * all.length)] ?? [];
      doc.setIn(path, doc.createNode(WRONG_VALUES[Math.floor(next() * WRONG_VALUES.length)]));
      const result = validateInventoryText('inv.yaml', doc.toString(), OPTIONS);
      for (const diagnostic of [...result.errors, ...result.warnings]) {
        expect(diagnostic.line).toBeGreaterThan(0);
        expect(diagnostic.message.length).toBeGreaterThan(0);
      }
    }
  }, 60_000); // 300 validations: a correctness test, so a loaded machine must not fail it on time

  it('never throws on truncated or byte-flipped files', () => {
    const next = random(7);
    for (let round = 0; round < 200; round++) {
      const cut = VALID.slice(0, Math.floor(next() * VALID.length));
      const at = Math.floor(next() * cut.length);
      const flipped = `${cut.slice(0, at)}${'{}[]:,-&*!|>"\'#%@`'[Math.floor(next() * 19)] ?? ''}${cut.slice(at + 1)}`;
      expect(() => validateInventoryText('inv.yaml', flipped, OPTIONS)).not.toThrow();
    }
  });

  it('handles a long list of hosts quickly', () => {
    const hosts = Array.from({ length: 400 }, (_, i) => `  - { name: h${i}, role: data, addresses: { management: 10.10.${1 + (i >> 7)}.${(i & 127) + 1}, application: 10.20.${1 + (i >> 7)}.${(i & 127) + 1}, storage: 10.30.${1 + (i >> 7)}.${(i & 127) + 1} }, resources: { vcpu: 64, memoryGiB: 256, diskGiB: 4096 }, services: [node-exporter] }`);
    const text = VALID.replace(/hosts:[\s\S]*$/, `hosts:\n${hosts.join('\n')}\n`).replace(/\/24/g, '/16');
    const started = Date.now();
    const result = validateInventoryText('inv.yaml', text, OPTIONS);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.errors.filter((d) => d.code !== 'E_QUORUM_TOO_SMALL')).toEqual([]);
  });
});
