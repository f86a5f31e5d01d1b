import { describe, expect, it } from 'vitest';
import { DISTRO_VERSION, SERVICES, componentIds, findService, serviceIds } from '../../src/catalog/index.js';

// The list: every service of the spec, plus vip-manager for the PostgreSQL VIP.
const EXPECTED = {
  haproxy: 2, keepalived: 2, etcd: 2,
  postgresql: 3, patroni: 3, 'vip-manager': 3,
  kafka: 4, 'schema-registry': 4, 'kafka-connect': 4,
  nessie: 5,
  'spark-master': 6, 'spark-worker': 6, 'flink-jobmanager': 6, 'flink-taskmanager': 6,
  'trino-coordinator': 7, 'trino-worker': 7, clickhouse: 7, 'clickhouse-keeper': 7,
  'airflow-scheduler': 8, 'airflow-webserver': 8, 'airflow-worker': 8, jupyterhub: 8, mlflow: 8, superset: 8,
  'iceberg-catalog': 5,
  keycloak: 9, redis: 9, 'redis-sentinel': 9,
  prometheus: 10, grafana: 10, loki: 10, alertmanager: 10, 'node-exporter': 10,
} as const;

// Versions from the spec's tables.
const SPEC_VERSIONS: Record<string, string> = {
  postgresql: '16.2', patroni: '3.3.2', etcd: '3.5.16', nessie: '0.98.2', kafka: '3.9.0',
  'kafka-connect': '3.9.0', 'schema-registry': '7.8.0', keycloak: '26.0.7', redis: '7.4.1',
  'redis-sentinel': '7.4.1', prometheus: '3.0.1', grafana: '11.4.0', loki: '3.3.2', alertmanager: '0.28.0',
  'spark-master': '3.5.4', 'spark-worker': '3.5.4', 'flink-jobmanager': '1.20.0', 'flink-taskmanager': '1.20.0',
  'trino-coordinator': '469', 'trino-worker': '469', clickhouse: '24.12.2.59', 'clickhouse-keeper': '24.12.2.59',
  'airflow-scheduler': '2.10.4', 'airflow-webserver': '2.10.4', 'airflow-worker': '2.10.4',
  jupyterhub: '5.2.1', mlflow: '2.19.0', superset: '4.1.1',
};

describe('service catalog', () => {
  it('has every service of the spec, each in its installation phase', () => {
    expect(serviceIds().sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [id, phase] of Object.entries(EXPECTED)) expect(findService(id)?.phase, id).toBe(phase);
  });

  it("uses the spec's versions, and the OS package where the spec names none", () => {
    for (const [id, version] of Object.entries(SPEC_VERSIONS)) expect(findService(id)?.version, id).toBe(version);
    expect(findService('haproxy')?.version).toBe(DISTRO_VERSION);
    expect(findService('keepalived')?.version).toBe(DISTRO_VERSION);
    for (const def of SERVICES) expect(def.version, def.id).toMatch(/\S/);
  });

  it('lists services in phase order with sane figures', () => {
    const phases = SERVICES.map((def) => def.phase);
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
    for (const def of SERVICES) {
      expect(def.id, def.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      // A service without ports runs no process of its own (the JDBC catalog is a database in PostgreSQL).
      if (def.ports.length > 0) expect(def.minMemoryMiB, def.id).toBeGreaterThan(0);
      expect(def.minMemoryMiB, def.id).toBeLessThanOrEqual(def.memoryMiB);
      if (def.ports.length > 0) expect(def.cpu, def.id).toBeGreaterThan(0);
      expect(Object.keys(def.placement).length, def.id).toBeGreaterThan(0);
      expect(new Set(def.ports.map((port) => port.name)).size, `${def.id} port names`).toBe(def.ports.length);
    }
  });

  it('gives every port to one service only, so any two services may share a host', () => {
    const owners = new Map<number, string>();
    for (const def of SERVICES) {
      for (const port of def.ports) {
        expect(owners.get(port.port), `${def.id} ${port.name} ${port.port}`).toBeUndefined();
        owners.set(port.port, def.id);
      }
    }
  });

  it("keeps the spec's ports where they did not collide", () => {
    const port = (id: string, name: string) => findService(id)?.ports.find((p) => p.name === name)?.port;
    expect(port('kafka', 'client')).toBe(9092);
    expect(port('alertmanager', 'http')).toBe(9093);
    expect(port('trino-coordinator', 'http')).toBe(8080);
    expect(port('flink-jobmanager', 'rest')).toBe(8081);
    expect(port('etcd', 'client')).toBe(2379);
    expect(port('patroni', 'rest')).toBe(8008);
    expect(port('clickhouse-keeper', 'client')).toBe(9181);
    expect(findService('keepalived')?.ports).toEqual([]);
  });

  it('says why for every port moved off the spec (REVIEW.md collisions)', () => {
    for (const [id, name, spec] of [
      ['kafka', 'controller', 9093],
      ['spark-master', 'ui', 8080],
      ['spark-worker', 'ui', 8081],
      ['trino-worker', 'http', 8080],
      ['keycloak', 'http', 8080],
      ['mlflow', 'http', 5001],
    ] as const) {
      const port = findService(id)?.ports.find((p) => p.name === name);
      expect(port?.port, `${id} ${name}`).not.toBe(spec);
      expect(port?.note, `${id} ${name}`).toMatch(/\S/);
    }
  });

  it('adds the ports the spec forgets', () => {
    const names = (id: string) => findService(id)?.ports.map((p) => `${p.name}:${p.port}`);
    expect(names('haproxy')).toEqual(
      expect.arrayContaining(['stats:7000', 'postgresql-primary:5000', 'postgresql-replicas:5001']),
    );
    expect(names('patroni')).toEqual(['rest:8008']);
  });

  it('maps components so that one version override reaches all their services', () => {
    expect(componentIds()).toEqual(expect.arrayContaining(['trino', 'spark', 'flink', 'airflow', 'clickhouse', 'kafka']));
    expect(findService('kafka-connect')?.component).toBe('kafka');
    expect(findService('redis-sentinel')?.component).toBe('redis');
    expect(findService('nope')).toBeUndefined();
  });
});
