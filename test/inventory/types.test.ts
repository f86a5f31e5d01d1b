import { readFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/inventory/model.js';
import type { Inventory as GeneratedInventory } from '../../src/inventory/schema-types.generated.js';

const SCHEMA = new URL('../../schemas/inventory.schema.json', import.meta.url);
const GENERATED = '../../src/inventory/schema-types.generated.ts';

/** Compile-time proof (checked by `tsc --noEmit`) that model.ts and the schema describe the same data. */
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const typesAgree: MutuallyAssignable<Inventory, GeneratedInventory> = true;

describe('inventory types and schema', () => {
  it('model.ts Inventory and the schema-generated type are mutually assignable', () => {
    expect(typesAgree).toBe(true);
  });

  // `vitest run -u` regenerates the file after a schema change; CI fails when it is stale.
  it('schema-types.generated.ts is up to date with schemas/inventory.schema.json', async () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
    const generated = await compile(schema, 'Inventory', {
      bannerComment: '/* Generated from schemas/inventory.schema.json by test/inventory/types.test.ts (vitest run -u). Do not edit. */',
      additionalProperties: false,
      ignoreMinAndMaxItems: true,
      format: true,
    });
    await expect(generated).toMatchFileSnapshot(GENERATED);
  });
});
