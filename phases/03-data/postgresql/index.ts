import type { ServiceModule } from '../../shared/module.js';
import { pinnedPackage } from '../../shared/packages.js';
import { POSTGRES_SECRETS } from './config.js';
import { postgresFailover } from './failover.js';
import { postgresFrontends } from './frontends.js';
import { patroniClusterServes } from './gate.js';
import { PATRONI_HEALTH, POSTGRESQL_HEALTH } from './health.js';
import { bootstrapMember, otherMembers, patroniMember, pendingRestart, postgresCommon, postgresMajor, postgresPackaging } from './steps.js';

/** PostgreSQL run by Patroni: one module for both catalog records, since Patroni starts and stops PostgreSQL. */
export const postgresqlModule: ServiceModule = {
  id: 'postgresql',
  services: ['postgresql', 'patroni'],
  probes: { postgresql: POSTGRESQL_HEALTH, patroni: PATRONI_HEALTH },
  prepare: [postgresCommon, postgresPackaging],
  packages: (host, ctx) => [`postgresql-${postgresMajor(ctx, host.name)}`, pinnedPackage(ctx.topology, 'patroni', host.name, 'patroni')],
  steps: [patroniMember, bootstrapMember, otherMembers, pendingRestart],
  // Replicas start within seconds, but Patroni names the sync standby ~20 s after they stream.
  settleMs: 120_000,
  checks: [patroniClusterServes],
  secrets: POSTGRES_SECRETS,
  usesHostCertificate: true,
  // Clients reaching PostgreSQL through its VIP verify the certificate of whichever member answers.
  hostCertificateSans: (topology) => [topology.inventory.vips.postgresql, `postgres.${topology.inventory.cluster.domain}`],
  frontends: postgresFrontends,
  failover: postgresFailover,
};
