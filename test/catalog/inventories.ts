import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import type { Inventory } from '../../src/inventory/model.js';

/** The spec's five hosts at the lab's size: 4 GiB RAM and 2 vCPU each, control and data alike. */
export function labInventory(): Inventory {
  const inventory = buildSpecInventory();
  for (const host of inventory.hosts) host.resources = { vcpu: 2, memoryGiB: 4, diskGiB: 40 };
  return inventory;
}

export function specRawPortsInventory(): Inventory {
  const path = fileURLToPath(new URL('../fixtures/spec-raw-ports.yaml', import.meta.url));
  return parse(readFileSync(path, 'utf8')) as Inventory;
}
