import type { PlacedService } from '../../src/catalog/types.js';
import { portOf, type Topology } from '../../src/config/topology.js';
import { DatalypticaError } from '../../src/core/errors.js';
import { declaredSecrets } from '../../src/secrets/index.js';
import type { SecretStore } from '../../src/secrets/store.js';

/**
 * The one description of the platform's Iceberg catalog that Spark, Flink and Trino configure
 * themselves from: which catalog the inventory chose (`catalog.type`), where it is reached, as
 * whom, and where the tables' files go. Engines call `icebergCatalog` and then the property map
 * of their kind; none of them spells a catalog URL of its own.
 */

/** The catalog's name in every engine: `lakehouse.<namespace>.<table>`. */
export const ICEBERG_CATALOG_NAME = 'lakehouse';

export type CatalogType = 'jdbc' | 'nessie';

/** The catalog the inventory chooses; production's default is Nessie, as the spec has it. */
export function catalogType(topology: Topology): CatalogType {
  return topology.inventory.catalog?.type ?? 'nessie';
}

/** The JDBC catalog's database and role in the phase-3 PostgreSQL. */
export const JDBC_CATALOG = { database: 'iceberg_catalog', user: 'iceberg' } as const;

/** The JDBC catalog role's password, by its name in the secrets store. */
export const JDBC_CATALOG_SECRETS = { password: 'iceberg-catalog.jdbc' } as const;

/** The Nessie branch every engine reads and commits to unless a job names another. */
export const NESSIE_DEFAULT_REF = 'main';

/** HAProxy's port (catalog: haproxy's `nessie`) in front of the Nessie nodes. */
export const NESSIE_HAPROXY_PORT = 'nessie';

export interface IcebergCatalog {
  name: string;
  type: CatalogType;
  /** jdbc: `jdbc:postgresql://lb.<domain>:<rw port>/iceberg_catalog?...`; nessie: `https://lb.<domain>:<port>/api/v2`. */
  uri: string;
  /** jdbc: the catalog role, and the secrets-store name of its password (engines write it to a 0600 file of their own). */
  jdbc?: { user: string; database: string; secret: string };
  /** `s3://<warehouse bucket>/`, or undefined when the inventory has no object storage (the lab). */
  warehouse: string | undefined;
  /** The cluster CA file the URI's TLS is verified against, as the engine's host has it. */
  caFile: string;
}

/**
 * The catalog as one engine host sees it. `caFile` is where that engine keeps the cluster CA
 * (PostgreSQL's JDBC driver reads it for verify-full; Nessie's clients need it in their truststore).
 * Both catalogs are reached through HAProxy on lb.<domain>: the read-write port follows the
 * Patroni leader, Nessie's port any live node; the certificates behind both carry lb.<domain>.
 */
export function icebergCatalog(topology: Topology, caFile: string): IcebergCatalog {
  const lb = catalogLoadBalancer(topology);
  const buckets = topology.inventory.objectStorage?.buckets;
  const warehouse = buckets ? `s3://${buckets.warehouse}/` : undefined;
  const type = catalogType(topology);
  if (type === 'nessie') {
    return { name: ICEBERG_CATALOG_NAME, type, uri: `https://${lb}:${portOf(haproxyOf(topology), NESSIE_HAPROXY_PORT)}/api/v2`, warehouse, caFile };
  }
  const query = `sslmode=verify-full&sslrootcert=${caFile}&ApplicationName=iceberg`;
  return {
    name: ICEBERG_CATALOG_NAME,
    type,
    uri: `jdbc:postgresql://${lb}:${catalogReadWriteEndpoint(topology).port}/${JDBC_CATALOG.database}?${query}`,
    jdbc: { user: JDBC_CATALOG.user, database: JDBC_CATALOG.database, secret: JDBC_CATALOG_SECRETS.password },
    warehouse,
    caFile,
  };
}

/** Both catalogs are reached through HAProxy; without it there is no address to give engines. */
function haproxyOf(topology: Topology): PlacedService {
  const haproxy = topology.members('haproxy')[0];
  if (!haproxy) throw new DatalypticaError('E_CONFIG_CATALOG', 'the Iceberg catalog is reached through HAProxy, and no host runs it', { hint: 'place haproxy on the control plane (phase 2)' });
  return haproxy;
}

/** lb.<domain>: the name the certificates behind HAProxy's catalog ports carry. */
function catalogLoadBalancer(topology: Topology): string {
  return `lb.${topology.inventory.cluster.domain}`;
}

/** HAProxy's PostgreSQL read-write port by lb.<domain>, which follows the Patroni leader: where the JDBC catalog's database is. */
export function catalogReadWriteEndpoint(topology: Topology): { host: string; port: number } {
  return { host: catalogLoadBalancer(topology), port: portOf(haproxyOf(topology), 'postgresql-primary') };
}

/** A single-quoted SQL string literal (PostgreSQL's and Flink SQL's rule: a quote is doubled). */
export function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The JDBC catalog role's password from the secrets store (created on first use). Nessie's catalog needs none. */
export async function icebergCatalogPassword(store: SecretStore): Promise<string> {
  return (await declaredSecrets(store, JDBC_CATALOG_SECRETS)).password;
}

/**
 * Iceberg's own catalog properties (what CatalogUtil.buildIcebergCatalog reads), the same for
 * every engine: the implementation class, the URI, the JDBC login, the warehouse. `password` is
 * the JDBC role's (ignored for Nessie); the result holds a secret and belongs in 0600 files only.
 * Object storage's own properties (io-impl, s3.endpoint, keys) come from the storage accessor.
 */
export function icebergProperties(catalog: IcebergCatalog, password: string | undefined): Record<string, string> {
  const common: Record<string, string> = catalog.warehouse ? { warehouse: catalog.warehouse } : {};
  if (catalog.type === 'nessie') {
    return { 'catalog-impl': 'org.apache.iceberg.nessie.NessieCatalog', uri: catalog.uri, ref: NESSIE_DEFAULT_REF, ...common };
  }
  if (password === undefined) throw new DatalypticaError('E_CONFIG_CATALOG', 'the JDBC catalog needs its password', { hint: 'pass icebergCatalogPassword(...) to icebergProperties' });
  return {
    'catalog-impl': 'org.apache.iceberg.jdbc.JdbcCatalog',
    uri: catalog.uri,
    'jdbc.user': catalog.jdbc!.user,
    'jdbc.password': password,
    ...common,
  };
}

/** Spark's form: `spark.sql.catalog.lakehouse=org.apache.iceberg.spark.SparkCatalog` and `spark.sql.catalog.lakehouse.<property>`. */
export function sparkCatalogConf(catalog: IcebergCatalog, password: string | undefined): Record<string, string> {
  const prefix = `spark.sql.catalog.${catalog.name}`;
  const conf: Record<string, string> = { [prefix]: 'org.apache.iceberg.spark.SparkCatalog' };
  for (const [key, value] of Object.entries(icebergProperties(catalog, password))) conf[`${prefix}.${key}`] = value;
  return conf;
}

/** Flink SQL's `CREATE CATALOG lakehouse WITH ('type'='iceberg', ...)`, for a SQL client init file (0600: it holds the password). */
export function flinkCreateCatalog(catalog: IcebergCatalog, password: string | undefined): string {
  const options = { type: 'iceberg', ...icebergProperties(catalog, password) };
  const body = Object.entries(options).map(([key, value]) => `  ${sqlLiteral(key)} = ${sqlLiteral(value)}`).join(',\n');
  return `CREATE CATALOG IF NOT EXISTS ${catalog.name} WITH (\n${body}\n);`;
}
