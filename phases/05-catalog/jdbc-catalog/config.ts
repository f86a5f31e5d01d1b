import type { Topology } from '../../../src/config/topology.js';
import { catalogReadWriteEndpoint, JDBC_CATALOG, sqlLiteral } from '../iceberg-catalog.js';

export const ICEBERG_JDBC = 'iceberg-catalog';

/** The files the catalog's setup and probe use on a host: root's, 0600 where they hold a password. */
export const JDBC_CATALOG_PATHS = {
  dir: '/etc/datalyptica/iceberg-catalog',
  ca: '/etc/datalyptica/iceberg-catalog/ca.crt',
  /** The catalog role's login, for the probe's psql (a .pgpass: psql reads it, no argv or environment holds it). */
  pgpass: '/etc/datalyptica/iceberg-catalog/pgpass',
  /** The superuser's login, only on the host that creates the role and database. */
  setupPgpass: '/etc/datalyptica/iceberg-catalog/setup.pgpass',
  setupSql: '/etc/datalyptica/iceberg-catalog/setup.sql',
} as const;

/** A .pgpass line for any host, port and database. */
export function pgpassLine(user: string, password: string): string {
  return `*:*:*:${user}:${password.replaceAll('\\', '\\\\').replaceAll(':', '\\:')}\n`;
}

/**
 * libpq's connection string to the HAProxy read-write port by lb.<domain> (the Patroni members'
 * certificates carry it), TLS verified against the cluster CA.
 */
export function readWriteConninfo(topology: Topology, dbname: string, user: string): string {
  const { host, port } = catalogReadWriteEndpoint(topology);
  return `host=${host} port=${port} dbname=${dbname} user=${user} sslmode=verify-full sslrootcert=${JDBC_CATALOG_PATHS.ca} connect_timeout=3 application_name=datalyptica`;
}

/** psql through HAProxy with a .pgpass file: quiet, tuples only, stop on the first error. */
export function psqlCommand(topology: Topology, pgpass: string, dbname: string, user: string): string {
  return `PGPASSFILE=${pgpass} psql '${readWriteConninfo(topology, dbname, user)}' -XAtq -v ON_ERROR_STOP=1`;
}

/**
 * Creates the catalog role (or sets its password) and its own database, which it owns: Iceberg
 * creates its tables there on first use. Each statement is a no-op when its object exists, so
 * the script may run again; REVOKE keeps other roles out of the catalog database.
 */
export function setupSql(password: string): string {
  const { user, database } = JDBC_CATALOG;
  return [
    `SELECT 'CREATE ROLE ${user} LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${user}') \\gexec`,
    `ALTER ROLE ${user} WITH LOGIN PASSWORD ${sqlLiteral(password)};`,
    `SELECT 'CREATE DATABASE ${database} OWNER ${user}' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '${database}') \\gexec`,
    `ALTER DATABASE ${database} OWNER TO ${user};`,
    `REVOKE ALL ON DATABASE ${database} FROM PUBLIC;`,
    '',
  ].join('\n');
}
