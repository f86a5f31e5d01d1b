import { describe, expect, it } from 'vitest';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import { haGroups, placeServices } from '../../src/catalog/index.js';
import { specRawPortsInventory } from './inventories.js';

describe('haGroups', () => {
  const groups = haGroups(placeServices(buildSpecInventory()));
  const group = (name: string) => groups.find((g) => g.group.name === name);

  it('gives every quorum group an odd membership of at least 3 by default', () => {
    const quorum = groups.filter((g) => g.group.quorum === 'majority');
    expect(quorum.map((g) => g.group.name).sort()).toEqual(
      ['clickhouse-keeper', 'etcd', 'kafka', 'postgresql', 'redis-sentinel'],
    );
    for (const g of quorum) {
      expect(g.size % 2, g.group.name).toBe(1);
      expect(g.size, g.group.name).toBeGreaterThanOrEqual(3);
      expect(g.quorumOk, g.group.name).toBe(true);
      expect(g.toleratedFailures, g.group.name).toBe(1);
    }
  });

  it('puts the third ClickHouse Keeper on vm3', () => {
    expect(group('clickhouse-keeper')?.members.map((m) => m.host)).toEqual(['vm3', 'vm4', 'vm5']);
  });

  it('counts Patroni and its PostgreSQL once per host', () => {
    expect(group('postgresql')?.services.sort()).toEqual(['patroni', 'postgresql']);
    expect(group('postgresql')?.size).toBe(3);
  });

  it("carries the spec's failover targets", () => {
    expect(group('postgresql')?.group.failoverTargetSeconds).toBe(30);
    expect(group('etcd')?.group.failoverTargetSeconds).toBe(5);
    expect(group('kafka')?.group.failoverTargetSeconds).toBe(15);
    expect(group('redis-sentinel')?.group.failoverTargetSeconds).toBe(10);
    expect(group('haproxy')?.group.failoverTargetSeconds).toBe(2);
    expect(group('schema-registry')).toMatchObject({ size: 2, quorumOk: true, group: { quorum: 'none' } });
  });

  it("flags the spec's two Keepers", () => {
    const keeper = haGroups(placeServices(specRawPortsInventory())).find((g) => g.group.name === 'clickhouse-keeper');
    expect(keeper).toMatchObject({ size: 2, quorumOk: false, toleratedFailures: 0 });
  });
});
