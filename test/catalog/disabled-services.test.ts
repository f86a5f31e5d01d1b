import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { haGroups, hostBudget, placeServices } from '../../src/catalog/index.js';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import type { Inventory } from '../../src/inventory/model.js';
import { validateInventoryText } from '../../src/inventory/validate.js';

const NO_ENV = { env: {}, home: '/nonexistent-home' };

function withRegistryDisabled(inventory: Inventory = buildSpecInventory()): Inventory {
  return { ...inventory, services: { ...inventory.services, 'schema-registry': { enabled: false } } };
}

describe('services.<id>.enabled: false', () => {
  it('places the service on no host, and everything else as before', () => {
    const all = placeServices(buildSpecInventory());
    const placed = placeServices(withRegistryDisabled());
    expect(all.filter((p) => p.service.id === 'schema-registry').map((p) => p.host)).toEqual(['vm1', 'vm2']);
    expect(placed.some((p) => p.service.id === 'schema-registry')).toBe(false);
    expect(placed.map((p) => `${p.host}/${p.service.id}`)).toEqual(all.filter((p) => p.service.id !== 'schema-registry').map((p) => `${p.host}/${p.service.id}`));
  });

  it('wins over a host that lists the service', () => {
    const inventory = withRegistryDisabled();
    inventory.hosts[0]!.services = ['haproxy', 'schema-registry'];
    expect(placeServices(inventory).filter((p) => p.host === 'vm1').map((p) => p.service.id)).toEqual(['haproxy']);
  });

  it('leaves the service out of its HA group and out of the hosts’ budgets', () => {
    const placed = placeServices(withRegistryDisabled());
    expect(haGroups(placed).map((group) => group.group.name)).not.toContain('schema-registry');
    const inventory = buildSpecInventory();
    const before = hostBudget(inventory, placeServices(inventory))[0]!.memory.usedMiB;
    const after = hostBudget(inventory, placed)[0]!.memory.usedMiB;
    expect(before - after).toBe(placeServices(inventory).find((p) => p.host === 'vm1' && p.service.id === 'schema-registry')!.memoryMiB);
  });

  it('validate warns, naming the service and the hosts it is kept off, with no error', () => {
    const result = validateInventoryText('inventory.yaml', stringify(withRegistryDisabled()), NO_ENV);
    expect(result.errors).toEqual([]);
    const warning = result.warnings.find((d) => d.code === 'W_SERVICE_DISABLED');
    expect(warning?.message).toBe('schema-registry is disabled: it is installed on no host, not on vm1, vm2');
    expect(warning?.hint).toContain('services.schema-registry.enabled');
  });

  it('says nothing for enabled: true or an override without the field', () => {
    const inventory = { ...buildSpecInventory(), services: { 'schema-registry': { enabled: true }, kafka: { memoryMiB: 4096 } } };
    const result = validateInventoryText('inventory.yaml', stringify(inventory), NO_ENV);
    expect(result.warnings.map((d) => d.code)).not.toContain('W_SERVICE_DISABLED');
    expect(placeServices(inventory).filter((p) => p.service.id === 'schema-registry')).toHaveLength(2);
  });
});
