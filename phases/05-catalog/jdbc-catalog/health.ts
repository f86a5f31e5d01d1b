import { failedReport, type HealthCheck, type HealthProbe } from '../../../src/health/types.js';
import { Topology } from '../../../src/config/topology.js';
import { JDBC_CATALOG } from '../iceberg-catalog.js';
import { JDBC_CATALOG_PATHS, psqlCommand } from './config.js';

/** Iceberg's own tables in the catalog database: the JDBC catalog creates them on first use. */
const ICEBERG_TABLES = ['iceberg_tables', 'iceberg_namespace_properties'];

const QUERY =
  `SELECT current_user, inet_server_addr(), (SELECT count(*) FROM pg_tables WHERE tablename IN (${ICEBERG_TABLES.map((name) => `'${name}'`).join(', ')}))`;

/**
 * "catalog reachable": the catalog database answers its own role through the HAProxy read-write
 * port, as Spark, Flink and Trino reach it, with the server's certificate verified.
 */
const catalogCheck: HealthCheck = {
  command(target) {
    return `${psqlCommand(new Topology(target.inventory), JDBC_CATALOG_PATHS.pgpass, JDBC_CATALOG.database, JDBC_CATALOG.user)} -F ' ' -c "${QUERY}" 2>&1`;
  },
  parse(output, target) {
    const [user, server, tables] = output.stdout.trim().split(/\s+/);
    if (output.code !== 0 || user !== JDBC_CATALOG.user) return failedReport('catalog database through HAProxy', output);
    const serverHost = target.inventory.hosts.find((host) => host.addresses.application === server?.split('/')[0])?.name ?? server;
    const created = Number(tables) === ICEBERG_TABLES.length ? 'Iceberg tables present' : 'Iceberg tables not created yet (first use creates them)';
    return { health: 'ok', facts: [`catalog reachable as ${user} on ${serverHost}`, created], problems: [] };
  },
};

/**
 * It has no process of its own: PostgreSQL's unit (Patroni's) is what must run on its hosts, and
 * the role's .pgpass, which its install writes, says that it was installed there.
 */
export const JDBC_CATALOG_HEALTH: HealthProbe = { unit: 'patroni.service', installedPath: JDBC_CATALOG_PATHS.pgpass, ports: [], check: catalogCheck };
