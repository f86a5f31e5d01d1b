import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { inventorySchema, newSchemaAjv, PRECOMPILED_FILE, schemaDigest } from '../../src/inventory/schema.js';

/**
 * `npm run build` compiles the inventory schema into standalone code (compile-schema.ts) that
 * every command's start-up uses for a valid inventory. It must judge exactly as the schema does.
 */
const built = join('dist/src/inventory', PRECOMPILED_FILE);

describe.skipIf(!existsSync(built))('the precompiled inventory schema', () => {
  const precompiled = createRequire(import.meta.url)(join(process.cwd(), built)) as { default: (data: unknown) => boolean; schemaSha256: string };
  const full = newSchemaAjv().compile(inventorySchema);
  const inventories = [
    'inventory.example.yaml',
    ...readdirSync('test/fixtures/invalid').map((code) => join('test/fixtures/invalid', code, 'inventory.yaml')).filter((file) => existsSync(file)),
  ];

  it('was built from the current schema', () => {
    expect(precompiled.schemaSha256).toBe(schemaDigest);
  });

  it('gives the schema verdict on the example and on every broken fixture', () => {
    for (const file of inventories) {
      let data: unknown;
      try {
        data = parse(readFileSync(file, 'utf8'));
      } catch {
        continue; // YAML syntax fixtures never reach the schema
      }
      expect(precompiled.default(data), file).toBe(full(data));
    }
  });
});
