import type { Phase } from '../../src/engine/phase.js';
import { modulePhase } from '../shared/phase.js';
import { postgresqlModule } from './postgresql/index.js';
import { vipManagerModule } from './vip-manager/index.js';

/** The spec's phase 3: PostgreSQL with Patroni on the control plane, the PostgreSQL VIP with vip-manager. */
export const dataLayer: Phase = modulePhase({
  id: 3,
  title: 'Data: PostgreSQL, Patroni, vip-manager',
  gateName: 'Patroni cluster, writes through HAProxy, PostgreSQL VIP',
  modules: [postgresqlModule, vipManagerModule],
});
