import type { ModuleCheck } from '../../shared/module.js';
import { JDBC_CATALOG } from '../iceberg-catalog.js';
import { ICEBERG_JDBC, JDBC_CATALOG_PATHS, psqlCommand } from './config.js';

/**
 * What Iceberg does on first use, tried and rolled back: the catalog role creates a table in
 * its database through HAProxy (the leader's, so the write lands), and reads it back.
 */
export const catalogWritable: ModuleCheck = {
  name: 'Iceberg JDBC catalog: its role creates a table in its database through HAProxy',
  async check(ctx) {
    const host = ctx.topology.members(ICEBERG_JDBC).map((member) => member.host).find((name) => ctx.hosts.includes(name));
    if (!host) return { ok: true, evidence: ['no Iceberg JDBC catalog hosts in this run'] };
    // One -c per statement: psql prints each one's result (a single -c prints only the last, ROLLBACK's).
    const statements = ['BEGIN', 'CREATE TABLE datalyptica_catalog_check (id int)', 'INSERT INTO datalyptica_catalog_check VALUES (1)', 'SELECT count(*) FROM datalyptica_catalog_check', 'ROLLBACK'];
    const psql = psqlCommand(ctx.topology, JDBC_CATALOG_PATHS.pgpass, JDBC_CATALOG.database, JDBC_CATALOG.user);
    const result = await ctx.exec(host, `${psql} ${statements.map((sql) => `-c '${sql}'`).join(' ')}`, { sudo: true, timeoutMs: 15_000 });
    const ok = result.code === 0 && result.stdout.trim() === '1';
    return { ok, evidence: [ok ? `${JDBC_CATALOG.user} created, wrote and read a table in ${JDBC_CATALOG.database} from ${host} (rolled back)` : `from ${host}: ${(result.stderr || result.stdout).trim() || `exit ${result.code}`}`] };
  },
};
