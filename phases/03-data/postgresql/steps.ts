import { majorVersion, portOf } from '../../../src/config/topology.js';
import type { PhaseContext, Step } from '../../../src/engine/phase.js';
import { command, directory, file, packages, service, sysctl } from '../../../src/engine/resources/index.js';
import type { HostSpec } from '../../../src/inventory/model.js';
import { clientCertRequest } from '../../../src/pki/index.js';
import { declaredSecrets } from '../../../src/secrets/index.js';
import { rollingByProbe } from '../../shared/gate.js';
import { reloadsOnChange } from '../../shared/systemd.js';
import { caCertificate, certificatePair, hostCertificate } from '../../shared/tls.js';
import { PATRONI_HEALTH } from './health.js';
import { PATRONI_TIMING, patroniContext, patroniScope, POSTGRES_PATHS, POSTGRES_SECRETS } from './config.js';

export const PATRONI = 'patroni.service';
const CREATECLUSTER_CONF = '/etc/postgresql-common/createcluster.conf';

export const runsPostgres = (host: HostSpec, ctx: PhaseContext) => ctx.topology.runs('postgresql', host.name);

export function postgresMajor(ctx: PhaseContext, host: string): number {
  return majorVersion(ctx.topology.on('postgresql', host));
}

/** postgresql-common alone first: its createcluster.conf must say "no main cluster" before a server package installs. */
export const postgresCommon: Step = {
  name: 'postgresql-common',
  hosts: runsPostgres,
  resources: () => [packages(['postgresql-common'])],
};

/** postgresql-common ships the PostgreSQL project's (PGDG) apt key and the script that adds its repository. */
const PGDG_SETUP = '/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh';

/**
 * Runs after postgresql-common and before the server package. Debian's postgresql-common
 * creates and starts a `main` cluster when a server package installs; Patroni must own the
 * only cluster. A major version the distribution does not ship (the spec's 16 on Ubuntu 22.04
 * or Debian 12) comes from the PGDG repository, added only then.
 */
export const postgresPackaging: Step = {
  name: 'PostgreSQL packaging',
  hosts: runsPostgres,
  resources: (host, ctx) => [
    command({
      name: 'postgresql-common: create_main_cluster = false',
      run: `pg_conftool ${CREATECLUSTER_CONF} set create_main_cluster false`,
      unless: `grep -Eq '^[[:space:]]*create_main_cluster[[:space:]]*=[[:space:]]*false' ${CREATECLUSTER_CONF}`,
    }),
    command({
      name: `PostgreSQL ${postgresMajor(ctx, host.name)} packages available (PGDG repository if the distribution lacks them)`,
      run: `${PGDG_SETUP} -y`,
      unless: `apt-cache show postgresql-${postgresMajor(ctx, host.name)}`,
    }),
  ],
};

/**
 * The Patroni member: a main cluster the package made anyway (it was installed before) is
 * dropped, then non-local binds for the VIP, the data root, TLS files (the host certificate serves PostgreSQL and the REST
 * API; the `patroni` client certificate reaches etcd), the config and the unit. A config
 * change reloads Patroni rather than restarting it with PostgreSQL.
 */
export const patroniMember: Step = {
  name: 'Patroni member',
  hosts: runsPostgres,
  resources: async (host, ctx) => {
    const major = postgresMajor(ctx, host.name);
    const secrets = await declaredSecrets(await ctx.cluster.secrets(), POSTGRES_SECRETS);
    const facts = await ctx.facts(host.name);
    const tls = { dir: POSTGRES_PATHS.tlsDir, owner: 'postgres' };
    const config = file({
      path: POSTGRES_PATHS.config,
      content: ctx.template('patroni/config.yml.hbs', patroniContext(ctx.topology, host.name, secrets, { osFamily: facts.osFamily })),
      owner: 'postgres',
      group: 'postgres',
      mode: '0600',
      secret: true,
    });
    return [
      command({
        name: `drop the package's PostgreSQL ${major} main cluster`,
        run: `pg_dropcluster --stop ${major} main`,
        unless: `test ! -d /etc/postgresql/${major}/main`,
      }),
      // PostgreSQL listens on the PostgreSQL VIP on every member, and binds only at start.
      sysctl({ name: 'postgresql-vip', values: { 'net.ipv4.ip_nonlocal_bind': 1 } }),
      directory({ path: POSTGRES_PATHS.dataRoot, owner: 'postgres', group: 'postgres', mode: '0700' }),
      directory({ path: tls.dir, owner: 'postgres', group: 'postgres', mode: '0700' }),
      await caCertificate(ctx, tls),
      ...(await certificatePair(ctx, hostCertificate(ctx.topology, host.name), 'server', tls)),
      ...(await certificatePair(ctx, clientCertRequest('patroni'), 'etcd-client', tls)),
      // Patroni applies a reload in its next HA loop: wait one so the next step sees pending restarts.
      reloadsOnChange(config, PATRONI, PATRONI_TIMING.loopWait + 1),
    ];
  },
};

/** The first PostgreSQL host of the inventory: the spec's primary (VM1). */
function bootstrapHost(ctx: PhaseContext): string | undefined {
  return ctx.inventory.hosts.find((host) => runsPostgres(host, ctx))?.name;
}

/**
 * On a new cluster whichever Patroni grabs the initialise key first becomes the leader. Starting
 * the first host alone, and waiting until its PostgreSQL runs, makes that the spec's primary
 * (VM1, with VM2 the sync standby and VM3 the async replica) instead of a race.
 */
export const bootstrapMember: Step = {
  name: 'Patroni bootstrap member',
  hosts: (host, ctx) => host.name === bootstrapHost(ctx),
  resources: (host, ctx) => {
    const topology = ctx.topology;
    const health = `https://${topology.appAddress(host.name)}:${portOf(topology.on('patroni', host.name), 'rest')}/health`;
    const waitForPostgres = `for i in $(seq 60); do curl -fsS -o /dev/null --max-time 2 --cacert ${POSTGRES_PATHS.tlsDir}/ca.crt ${health} && exit 0; sleep 1; done; exit 1`;
    return [
      command({
        name: `start ${PATRONI} and wait for PostgreSQL to run`,
        run: `systemctl enable -q ${PATRONI} && systemctl start ${PATRONI} && ${waitForPostgres}`,
        unless: `systemctl is-enabled -q ${PATRONI} && systemctl is-active -q ${PATRONI}`,
      }),
    ];
  },
};

/** The other members join the running cluster as replicas. */
export const otherMembers: Step = {
  name: 'Patroni members',
  hosts: (host, ctx) => runsPostgres(host, ctx) && host.name !== bootstrapHost(ctx),
  resources: () => [service({ name: PATRONI })],
};

/**
 * Settings PostgreSQL reads only at start (listen_addresses, shared_buffers, ...) changed by a
 * reload leave the member "pending restart": Patroni restarts it in place (no failover).
 */
export const pendingRestart: Step = {
  name: 'PostgreSQL restart for changed settings',
  hosts: runsPostgres,
  // One member at a time, each streaming again (or leading) before the next: never the whole cluster down.
  rollout: rollingByProbe('patroni', PATRONI_HEALTH, 120_000),
  resources: (host, ctx) => {
    const topology = ctx.topology;
    const rest = `https://${topology.appAddress(host.name)}:${portOf(topology.on('patroni', host.name), 'rest')}/patroni`;
    return [
      command({
        name: 'restart PostgreSQL if Patroni says a setting needs it',
        run: `patronictl -c ${POSTGRES_PATHS.config} restart ${patroniScope(ctx.inventory)} ${host.name} --pending --force`,
        unless: `! curl -fsS --max-time 3 --cacert ${POSTGRES_PATHS.tlsDir}/ca.crt ${rest} | grep -Eq '"pending_restart": *true'`,
      }),
    ];
  },
};
