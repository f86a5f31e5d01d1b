import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import { inventoryToYaml } from '../../src/inventory/layout-yaml.js';
import { validateInventoryText } from '../../src/inventory/validate.js';

/** The machine the user runs datalyptica on: key files present, S3 keys exported. */
const prepared = { fileExists: () => true, env: { AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' } };
const example = fileURLToPath(new URL('../../inventory.example.yaml', import.meta.url));

const codes = (text: string) => {
  const result = validateInventoryText('inventory.yaml', text, prepared);
  return { valid: result.valid, errors: result.errors.map((d) => `${d.code} ${d.message}`), warnings: result.warnings.map((d) => d.code) };
};

describe('generated inventories pass validate', () => {
  it('inventory.example.yaml has no errors and no warnings on a prepared machine', async () => {
    expect(codes(await readFile(example, 'utf8'))).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it('stays valid after the user changes the addresses to their own subnets', async () => {
    const text = (await readFile(example, 'utf8'))
      .replaceAll('10.10.0.', '192.168.10.')
      .replaceAll('10.20.0.', '192.168.20.')
      .replaceAll('10.30.0.', '192.168.30.')
      .replace('203.0.113.100', '198.51.100.7');
    expect(codes(text)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it('the minimum sizing and other subnets are valid too', () => {
    const inventory = buildSpecInventory({
      sizing: 'minimum',
      networks: { management: '172.16.0.0/22', application: '172.16.8.0/24', storage: '172.16.9.0/24' },
      externalVip: false,
    });
    expect(codes(inventoryToYaml(inventory))).toEqual({ valid: true, errors: [], warnings: [] });
  });
});
