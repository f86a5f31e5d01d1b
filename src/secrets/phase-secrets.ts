import type { HaproxySecrets } from '../config/haproxy.js';
import type { PatroniSecrets } from '../config/patroni.js';
import { SECRET_NAMES } from './names.js';
import type { SecretStore } from './store.js';

export interface PhaseSecrets {
  patroni: PatroniSecrets;
  haproxy: HaproxySecrets;
}

/** The secrets phases 2-3 render into configs, created on first use and stable afterwards. */
export async function phaseSecrets(store: SecretStore): Promise<PhaseSecrets> {
  return {
    patroni: {
      superuser: await store.getOrCreate(SECRET_NAMES.postgresSuperuser),
      replication: await store.getOrCreate(SECRET_NAMES.postgresReplication),
      rewind: await store.getOrCreate(SECRET_NAMES.postgresRewind),
      restApi: await store.getOrCreate(SECRET_NAMES.patroniRestApi),
    },
    haproxy: { statsPassword: await store.getOrCreate(SECRET_NAMES.haproxyStats) },
  };
}
