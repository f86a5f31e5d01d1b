import type { ServiceModule } from '../../shared/module.js';
import { JDBC_CATALOG_SECRETS } from '../iceberg-catalog.js';
import { ICEBERG_JDBC } from './config.js';
import { catalogWritable } from './gate.js';
import { JDBC_CATALOG_HEALTH } from './health.js';
import { catalogDatabase } from './steps.js';

/** Iceberg's JDBC catalog: its own database and role in the phase-3 PostgreSQL (`catalog.type: jdbc`). */
export const icebergJdbcModule: ServiceModule = {
  id: ICEBERG_JDBC,
  services: [ICEBERG_JDBC],
  probes: { [ICEBERG_JDBC]: JDBC_CATALOG_HEALTH },
  packages: () => ['postgresql-client'],
  steps: [catalogDatabase],
  settleMs: 30_000,
  checks: [catalogWritable],
  secrets: JDBC_CATALOG_SECRETS,
};
