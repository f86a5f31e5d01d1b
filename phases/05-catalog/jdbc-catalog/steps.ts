import type { PhaseContext, Step } from '../../../src/engine/phase.js';
import { command, directory, file } from '../../../src/engine/resources/index.js';
import { declaredSecrets } from '../../../src/secrets/index.js';
import { POSTGRES_SECRETS, POSTGRES_USERS } from '../../03-data/postgresql/config.js';
import { caCertificate } from '../../shared/tls.js';
import { icebergCatalogPassword, JDBC_CATALOG } from '../iceberg-catalog.js';
import { ICEBERG_JDBC, JDBC_CATALOG_PATHS, pgpassLine, psqlCommand, setupSql } from './config.js';

const secretFile = (path: string, content: string) => file({ path, content, owner: 'root', group: 'root', mode: '0600', secret: true });

/** The first host that checks the catalog creates it. */
function setupHost(ctx: PhaseContext): string | undefined {
  return ctx.topology.members(ICEBERG_JDBC)[0]?.host;
}

/**
 * On every catalog host the CA and the role's .pgpass (the probe logs in with them); on the first
 * also the superuser's and the setup script, run through the HAProxy read-write port whenever the
 * role cannot log in to its database (first install, or a new password in the secrets store).
 */
export const catalogDatabase: Step = {
  name: 'Iceberg JDBC catalog database',
  hosts: (host, ctx) => ctx.topology.runs(ICEBERG_JDBC, host.name),
  resources: async (host, ctx) => {
    const store = await ctx.cluster.secrets();
    const password = await icebergCatalogPassword(store);
    const common = [
      directory({ path: JDBC_CATALOG_PATHS.dir, owner: 'root', group: 'root', mode: '0700' }),
      await caCertificate(ctx, { dir: JDBC_CATALOG_PATHS.dir, owner: 'root' }),
      secretFile(JDBC_CATALOG_PATHS.pgpass, pgpassLine(JDBC_CATALOG.user, password)),
    ];
    if (host.name !== setupHost(ctx)) return common;
    const superuser = (await declaredSecrets(store, POSTGRES_SECRETS)).superuser;
    const topology = ctx.topology;
    return [
      ...common,
      secretFile(JDBC_CATALOG_PATHS.setupPgpass, pgpassLine(POSTGRES_USERS.superuser, superuser)),
      secretFile(JDBC_CATALOG_PATHS.setupSql, setupSql(password)),
      command({
        name: `create the ${JDBC_CATALOG.database} database and its ${JDBC_CATALOG.user} role through HAProxy`,
        run: `${psqlCommand(topology, JDBC_CATALOG_PATHS.setupPgpass, 'postgres', POSTGRES_USERS.superuser)} -f ${JDBC_CATALOG_PATHS.setupSql}`,
        unless: `${psqlCommand(topology, JDBC_CATALOG_PATHS.pgpass, JDBC_CATALOG.database, JDBC_CATALOG.user)} -c 'SELECT 1' >/dev/null`,
      }),
    ];
  },
};
