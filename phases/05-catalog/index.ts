import type { Phase } from '../../src/engine/phase.js';
import { modulePhase } from '../shared/phase.js';
import { icebergJdbcModule } from './jdbc-catalog/index.js';

/** The spec's phase 5: the Iceberg catalog, Nessie or (`catalog.type: jdbc`) a database in PostgreSQL. */
export const catalog: Phase = modulePhase({
  id: 5,
  title: 'Catalog: Iceberg (Nessie or JDBC in PostgreSQL)',
  gateName: 'Iceberg catalog reachable through HAProxy',
  modules: [icebergJdbcModule],
});
