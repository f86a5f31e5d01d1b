import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Templates } from '../../src/engine/templates.js';

describe('templates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-tpl-'));
  writeFileSync(join(dir, 'a.conf.hbs'), 'servers={{join servers ","}} path={{path}}\n');

  it('renders with helpers and without HTML escaping', () => {
    expect(new Templates(dir).render('a.conf.hbs', { servers: ['a', 'b'], path: '/x&y' })).toBe('servers=a,b path=/x&y\n');
  });

  it('a missing variable is an error naming the template', () => {
    expect(() => new Templates(dir).render('a.conf.hbs', { servers: [] })).toThrow(/template a.conf.hbs: "path" not defined/);
  });

  it('finds templates/ from the package root by default', () => {
    expect(new Templates().dir).toMatch(/templates$/);
  });
});
