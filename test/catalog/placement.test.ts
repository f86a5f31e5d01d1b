import { describe, expect, it } from 'vitest';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import { SERVICES, placeServices, type PlacedService } from '../../src/catalog/index.js';

function on(placed: PlacedService[], host: string): string[] {
  return placed.filter((p) => p.host === host).map((p) => p.service.id);
}

function find(placed: PlacedService[], host: string, id: string, instance = 0): PlacedService {
  const found = placed.find((p) => p.host === host && p.service.id === id && p.instance === instance);
  if (found === undefined) throw new Error(`${id}#${instance} not on ${host}`);
  return found;
}

describe('placeServices', () => {
  it("places the spec's services on hosts named like the spec's VMs", () => {
    const placed = placeServices(buildSpecInventory());
    expect(on(placed, 'vm1')).toEqual(
      expect.arrayContaining(['haproxy', 'keepalived', 'postgresql', 'patroni', 'etcd', 'vip-manager', 'nessie', 'kafka',
        'schema-registry', 'keycloak', 'redis-sentinel', 'prometheus', 'node-exporter']),
    );
    expect(on(placed, 'vm1')).not.toContain('redis');
    expect(on(placed, 'vm3')).toEqual(expect.arrayContaining(['redis', 'loki', 'alertmanager', 'clickhouse-keeper']));
    expect(on(placed, 'vm4')).toEqual(
      expect.arrayContaining(['spark-master', 'spark-worker', 'flink-jobmanager', 'flink-taskmanager', 'trino-coordinator',
        'trino-worker', 'clickhouse', 'clickhouse-keeper', 'airflow-scheduler', 'airflow-webserver', 'jupyterhub', 'superset']),
    );
    expect(on(placed, 'vm5')).toEqual(
      expect.arrayContaining(['spark-worker', 'flink-taskmanager', 'trino-worker', 'clickhouse', 'clickhouse-keeper',
        'airflow-worker', 'mlflow', 'kafka-connect']),
    );
    // Every catalog service runs somewhere by default; every default instance points at its host.
    // The Iceberg JDBC catalog is the alternative to Nessie (catalog.type: jdbc): not in the default placement.
    expect(new Set(placed.map((p) => p.service.id))).toEqual(new Set(SERVICES.map((def) => def.id).filter((id) => id !== 'iceberg-catalog')));
    expect(find(placed, 'vm4', 'clickhouse').source).toEqual(['hosts', 3]);
  });

  it("places the Iceberg catalog the inventory's catalog.type chooses, and not the other", () => {
    const ids = (type?: 'nessie' | 'jdbc') => new Set(placeServices(buildSpecInventory(type ? { catalog: { type } } : {})).map((p) => p.service.id));
    expect([ids().has('nessie'), ids().has('iceberg-catalog')]).toEqual([true, false]);
    expect([ids('jdbc').has('nessie'), ids('jdbc').has('iceberg-catalog')]).toEqual([false, true]);
  });

  it('runs one worker of each kind per data host', () => {
    const placed = placeServices(buildSpecInventory());
    for (const id of ['spark-worker', 'trino-worker', 'flink-taskmanager', 'airflow-worker']) {
      expect(placed.filter((p) => p.host === 'vm5' && p.service.id === id), id).toHaveLength(1);
    }
  });

  it('places nothing by default on hosts not named like the spec', () => {
    const inventory = buildSpecInventory();
    inventory.hosts.push({ ...structuredClone(inventory.hosts[4]!), name: 'data3' });
    expect(on(placeServices(inventory), 'data3')).toEqual([]);
  });

  it("replaces a host's defaults with its services list, in order, skipping unknown ids", () => {
    const inventory = buildSpecInventory();
    inventory.hosts[4]!.services = ['trino-worker', 'no-such-service', { service: 'spark-worker', memoryMiB: 1000 }];
    const placed = placeServices(inventory);
    expect(on(placed, 'vm5')).toEqual(['trino-worker', 'spark-worker']);
    expect(find(placed, 'vm5', 'trino-worker').source).toEqual(['hosts', 4, 'services', 0]);
    expect(find(placed, 'vm5', 'spark-worker').source).toEqual(['hosts', 4, 'services', 2]);
    expect(find(placed, 'vm5', 'spark-worker').memoryMiB).toBe(1000);
    expect(on(placed, 'vm4')).toContain('spark-master');
  });

  it('runs a service listed twice as two instances, moving ports by its step unless given', () => {
    const inventory = buildSpecInventory();
    inventory.hosts[4]!.services = ['spark-worker', 'spark-worker', 'flink-taskmanager', 'flink-taskmanager',
      'trino-worker', { service: 'trino-worker', ports: { http: 8094 } }];
    const placed = placeServices(inventory);
    const ports = (id: string, instance: number) => find(placed, 'vm5', id, instance).ports.map((p) => p.port);
    expect(ports('spark-worker', 0)).toEqual([7078, 8091]);
    expect(ports('spark-worker', 1)).toEqual([7079, 8092]);
    expect(ports('flink-taskmanager', 1)).toEqual([6131, 6132]);
    expect(ports('trino-worker', 1)).toEqual([8094]);
  });

  it('applies port overrides: catalog, then inventory services, then the host entry', () => {
    const inventory = buildSpecInventory();
    inventory.services = { kafka: { ports: { client: 19092 } } };
    inventory.hosts[0]!.services = [{ service: 'kafka', ports: { controller: 29093 } }];
    const placed = placeServices(inventory);
    expect(find(placed, 'vm1', 'kafka').ports).toEqual([
      { name: 'client', port: 19092 },
      { name: 'controller', port: 29093 },
      expect.objectContaining({ name: 'metrics', port: 9404 }),
    ]);
    expect(find(placed, 'vm2', 'kafka').ports.map((p) => p.port)).toEqual([19092, 19093, 9404]);
    // An unchanged port keeps the catalog's explanation.
    expect(find(placed, 'vm2', 'kafka').ports[1]?.note).toMatch(/Alertmanager/);
  });

  it('takes memory from the host entry, then inventory services, then the scaled default', () => {
    const inventory = buildSpecInventory({ sizing: 'minimum' });
    inventory.services = { postgresql: { memoryMiB: 20000 } };
    inventory.hosts[1]!.services = [{ service: 'postgresql', memoryMiB: 30000 }, 'kafka'];
    const placed = placeServices(inventory);
    expect(find(placed, 'vm1', 'postgresql').memoryMiB).toBe(20000);
    expect(find(placed, 'vm2', 'postgresql').memoryMiB).toBe(30000);
    expect(find(placed, 'vm2', 'kafka').memoryMiB).toBe(8192);
    expect(find(placed, 'vm2', 'kafka').cpu).toBe(4);
  });

  it('takes the version from inventory services, then the component version, then the catalog', () => {
    const inventory = buildSpecInventory();
    inventory.versions = { trino: '470', kafka: '3.9.1' };
    inventory.services = { 'trino-worker': { version: '471' } };
    const placed = placeServices(inventory);
    expect(find(placed, 'vm4', 'trino-coordinator').version).toBe('470');
    expect(find(placed, 'vm4', 'trino-worker').version).toBe('471');
    expect(find(placed, 'vm5', 'kafka-connect').version).toBe('3.9.1');
    expect(find(placed, 'vm1', 'etcd').version).toBe('3.5.16');
  });

  it('runs nothing on a host with an empty services list', () => {
    const inventory = buildSpecInventory();
    inventory.hosts[2]!.services = [];
    expect(on(placeServices(inventory), 'vm3')).toEqual([]);
  });
});
