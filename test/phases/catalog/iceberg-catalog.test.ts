import { describe, expect, it } from 'vitest';
import { flinkCreateCatalog, icebergCatalog, sparkCatalogConf } from '../../../phases/05-catalog/iceberg-catalog.js';
import { Topology } from '../../../src/config/topology.js';
import { buildSpecInventory } from '../../../src/inventory/layout.js';

const CA = '/etc/spark/tls/ca.crt';

describe('the Iceberg catalog accessor', () => {
  it('jdbc: the catalog database through the HAProxy read-write port on lb.<domain>, verified against the CA', () => {
    const topology = new Topology(buildSpecInventory({ catalog: { type: 'jdbc' } }));
    const catalog = icebergCatalog(topology, CA);
    expect(catalog).toEqual({
      name: 'lakehouse',
      type: 'jdbc',
      uri: `jdbc:postgresql://lb.datalyptica.local:5000/iceberg_catalog?sslmode=verify-full&sslrootcert=${CA}&ApplicationName=iceberg`,
      jdbc: { user: 'iceberg', database: 'iceberg_catalog', secret: 'iceberg-catalog.jdbc' },
      warehouse: 's3://datalyptica-warehouse/',
      caFile: CA,
    });
    expect(topology.members('nessie')).toEqual([]);
    expect(sparkCatalogConf(catalog, 'pw')).toEqual({
      'spark.sql.catalog.lakehouse': 'org.apache.iceberg.spark.SparkCatalog',
      'spark.sql.catalog.lakehouse.catalog-impl': 'org.apache.iceberg.jdbc.JdbcCatalog',
      'spark.sql.catalog.lakehouse.uri': catalog.uri,
      'spark.sql.catalog.lakehouse.jdbc.user': 'iceberg',
      'spark.sql.catalog.lakehouse.jdbc.password': 'pw',
      'spark.sql.catalog.lakehouse.warehouse': 's3://datalyptica-warehouse/',
    });
    expect(flinkCreateCatalog(catalog, "p'w")).toContain("'jdbc.password' = 'p''w'");
    expect(flinkCreateCatalog(catalog, 'pw')).toMatch(/^CREATE CATALOG IF NOT EXISTS lakehouse WITH \(\n {2}'type' = 'iceberg',\n {2}'catalog-impl' = 'org.apache.iceberg.jdbc.JdbcCatalog',/);
  });

  it('nessie by default: the API through HAProxy, no password, Nessie on the control plane', () => {
    const topology = new Topology(buildSpecInventory());
    const catalog = icebergCatalog(topology, CA);
    expect(catalog.type).toBe('nessie');
    expect(catalog.uri).toBe('https://lb.datalyptica.local:19130/api/v2');
    expect(sparkCatalogConf(catalog, undefined)).toMatchObject({ 'spark.sql.catalog.lakehouse.catalog-impl': 'org.apache.iceberg.nessie.NessieCatalog', 'spark.sql.catalog.lakehouse.ref': 'main' });
    expect(topology.members('nessie').map((member) => member.host)).toEqual(['vm1', 'vm2', 'vm3']);
  });

  it('no warehouse without object storage (the lab)', () => {
    const topology = new Topology(buildSpecInventory({ objectStorage: false, catalog: { type: 'jdbc' } }));
    expect(icebergCatalog(topology, CA).warehouse).toBeUndefined();
  });
});
