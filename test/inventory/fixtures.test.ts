import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadValidInventory, validateInventoryFile } from '../../src/inventory/validate.js';

const INVALID = 'test/fixtures/invalid';
const VALID = 'test/fixtures/valid';
const NO_ENV = { env: {}, home: '/nonexistent-home' };

/** Each fixture marks the line a diagnostic must point at with `# <- CODE`. */
function markers(file: string): Array<{ code: string; line: number }> {
  return readFileSync(file, 'latin1')
    .split('\n')
    .flatMap((text, index) => [...text.matchAll(/# <- ([EW]_[A-Z0-9_]+)/g)].map((match) => ({ code: match[1] ?? '', line: index + 1 })));
}

/** Every diagnostic code the inventory code can emit (E_FILE_TOO_LARGE is covered in load.test.ts). */
function emittedCodes(): string[] {
  const codes = new Set<string>();
  const scan = (path: string): void => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) scan(join(path, name));
    else for (const match of readFileSync(path, 'utf8').matchAll(/'([EW]_[A-Z0-9_]+)'/g)) codes.add(match[1] ?? '');
  };
  // The validator's own sources (src/inventory also holds the init wizard, with its own codes).
  for (const source of ['src/inventory/load.ts', 'src/inventory/schema.ts', 'src/inventory/rules']) scan(source);
  // Too large: a multi-megabyte fixture has no place in the repository (load.test.ts writes one).
  // The E_INVENTORY_* codes are usage errors (exit 2), not diagnostics.
  for (const notAFixture of ['E_FILE_TOO_LARGE', 'E_INVENTORY_NOT_FOUND', 'E_INVENTORY_UNREADABLE', 'E_INVENTORY_NOT_FILE']) codes.delete(notAFixture);
  return [...codes].sort();
}

describe('fixtures: one broken inventory per diagnostic code', () => {
  const codes = readdirSync(INVALID).sort();

  it('has a fixture for every code the validator emits', () => {
    expect(codes).toEqual(expect.arrayContaining(emittedCodes()));
  });

  for (const code of codes) {
    it(`${code} is reported at the marked line`, async () => {
      const file = join(INVALID, code, 'inventory.yaml');
      const expected = markers(file);
      expect(expected.map((marker) => marker.code)).toContain(code);
      const result = await validateInventoryFile(file, NO_ENV);
      const found = [...result.errors, ...result.warnings].map((d) => ({ code: d.code, line: d.line }));
      for (const marker of expected) expect(found).toContainEqual(marker);
      if (code.startsWith('E_')) {
        expect(result.valid).toBe(false);
      } else {
        expect(result.errors).toEqual([]);
        expect(result.valid).toBe(true);
      }
    });
  }
});

describe('valid inventories', () => {
  const files = [...readdirSync(VALID).map((name) => join(VALID, name)), ...(existsSync('inventory.example.yaml') ? ['inventory.example.yaml'] : [])];
  for (const file of files) {
    it(`${file} has no errors`, async () => {
      const result = await validateInventoryFile(file, NO_ENV);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
      expect(result.placed?.length).toBeGreaterThan(0);
    });
  }

  it('the spec fixture has no warnings either', async () => {
    const result = await validateInventoryFile(join(VALID, 'spec-default.yaml'), NO_ENV);
    expect(result.warnings).toEqual([]);
  });
});

describe("the spec's raw port table", () => {
  it("reports exactly REVIEW.md's four port collisions", async () => {
    const result = await validateInventoryFile('test/fixtures/spec-raw-ports.yaml', NO_ENV);
    const collisions = result.errors.filter((d) => d.code === 'E_PORT_COLLISION').map((d) => d.message.replace(/ is claimed by .*/, ''));
    expect(collisions.sort()).toEqual(['vm3: port 9093/tcp', 'vm4: port 8080/tcp', 'vm4: port 8081/tcp', 'vm5: port 8081/tcp']);
    const vm4Http = result.errors.find((d) => d.message.startsWith('vm4: port 8080/tcp'));
    expect(vm4Http?.message).toMatch(/spark-master .*trino-coordinator .*trino-worker/);
    expect(result.errors.map((d) => d.code)).toContain('E_QUORUM_TOO_SMALL');
  });
});

describe('loadValidInventory (for check, plan, install)', () => {
  it('returns the resolved inventory and its placement', async () => {
    const { inventory, placed } = await loadValidInventory(join(VALID, 'spec-default.yaml'), NO_ENV);
    expect(inventory.ssh.port).toBe(22);
    expect(placed.some((instance) => instance.service.id === 'postgresql')).toBe(true);
  });

  it('throws E_INVENTORY_INVALID (exit 1) naming the first error', async () => {
    const failure = await loadValidInventory(join(INVALID, 'E_DUP_VIP', 'inventory.yaml'), NO_ENV).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'E_INVENTORY_INVALID', exitCode: 1, message: expect.stringMatching(/inventory\.yaml:15:10: redis VIP/) });
  });
});
