import { describe, expect, it } from 'vitest';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import { placeServices, portCollisions } from '../../src/catalog/index.js';
import { labInventory, specRawPortsInventory } from './inventories.js';

describe('portCollisions', () => {
  it("finds exactly REVIEW.md's four collisions in the spec's raw port tables", () => {
    const collisions = portCollisions(placeServices(specRawPortsInventory()));
    expect(collisions.map(({ host, port, services }) => ({ host, port, services }))).toEqual([
      { host: 'vm3', port: 9093, services: ['kafka', 'alertmanager'] },
      { host: 'vm4', port: 8080, services: ['spark-master', 'trino-coordinator', 'trino-worker'] },
      { host: 'vm4', port: 8081, services: ['spark-worker', 'flink-jobmanager'] },
      { host: 'vm5', port: 8081, services: ['spark-worker', 'trino-worker'] },
    ]);
    const vm5 = collisions.find((c) => c.host === 'vm5');
    expect(vm5?.claims).toEqual([
      { service: 'spark-worker', instance: 0, portName: 'ui', source: ['hosts', 4, 'services', 0] },
      { service: 'trino-worker', instance: 1, portName: 'http', source: ['hosts', 4, 'services', 5] },
    ]);
  });

  it('finds none in the default placement, at any host size', () => {
    expect(portCollisions(placeServices(buildSpecInventory()))).toEqual([]);
    expect(portCollisions(placeServices(labInventory()))).toEqual([]);
  });

  it('reports a second instance of a service without an instance port step', () => {
    const inventory = buildSpecInventory();
    inventory.hosts[4]!.services = ['trino-worker', 'trino-worker'];
    expect(portCollisions(placeServices(inventory))).toMatchObject([
      { host: 'vm5', port: 8084, protocol: 'tcp', services: ['trino-worker', 'trino-worker'] },
    ]);
  });

  it('lets Keycloak share a host with Trino and Spark', () => {
    const inventory = buildSpecInventory();
    inventory.hosts[3]!.services = ['keycloak', 'trino-coordinator', 'trino-worker', 'spark-master', 'spark-worker'];
    expect(portCollisions(placeServices(inventory))).toEqual([]);
  });
});
