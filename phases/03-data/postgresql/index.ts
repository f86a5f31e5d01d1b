import type { ServiceModule } from '../../shared/module.js';
import { PATRONI_HEALTH, POSTGRESQL_HEALTH } from './health.js';

/** PostgreSQL run by Patroni: one module for both catalog records, since Patroni starts and stops PostgreSQL. */
export const postgresqlModule: ServiceModule = {
  id: 'postgresql',
  probes: { postgresql: POSTGRESQL_HEALTH, patroni: PATRONI_HEALTH },
};
