import { join } from 'node:path';
import { DatalypticaError } from '../core/errors.js';
import { nodeFileSystem, type FileSystem } from '../core/fs.js';
import { ClusterPki } from '../pki/cluster-pki.js';
import { SecretStore, type SecretSink } from '../secrets/store.js';

/**
 * The cluster's state on the control machine that phases render into configs: generated
 * secrets, the cluster CA and the ids clusters are created with, all under the state directory.
 * Nothing is read or created until a phase asks, so phases that need none (phase 1, unit
 * tests) touch no files.
 */
export interface ClusterState {
  readonly stateDir: string;
  /** The cluster CA and the certificates it signs (`<stateDir>/pki`). */
  readonly pki: ClusterPki;
  /** The secrets store (`<stateDir>/secrets.json`); every value it hands out is redacted. */
  secrets(): Promise<SecretStore>;
  /**
   * The id a clustered service was created with (Kafka's cluster.id): `generate`d on first use
   * and kept in `<stateDir>/cluster-ids.json`, so every later run renders the same one. Not a
   * secret: it is in the service's files on every member.
   */
  clusterId(name: string, generate: () => string): Promise<string>;
}

const ID_NAME = /^[a-z0-9][a-z0-9.-]*$/;

export function clusterState(stateDir: string, clusterName: string, redactor: SecretSink, fs: FileSystem = nodeFileSystem): ClusterState {
  let store: Promise<SecretStore> | undefined;
  const idsPath = join(stateDir, 'cluster-ids.json');
  let idsQueue: Promise<unknown> = Promise.resolve();
  const readIds = async (): Promise<Record<string, string>> => {
    if (!(await fs.exists(idsPath))) return {};
    try {
      const parsed = JSON.parse(await fs.readText(idsPath)) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.values(parsed).every((value) => typeof value === 'string')) return parsed as Record<string, string>;
    } catch {
      // Reported below.
    }
    throw new DatalypticaError('E_CLUSTER_IDS_CORRUPT', `${idsPath} is not a JSON object of ids`, {
      hint: 'restore it from your backup of the control machine: a new id would not match the storage the members were formatted with',
    });
  };
  return {
    stateDir,
    pki: new ClusterPki(stateDir, clusterName),
    secrets: () => (store ??= SecretStore.open(stateDir, { redactor })),
    clusterId(name, generate) {
      if (!ID_NAME.test(name)) throw new DatalypticaError('E_CLUSTER_ID_NAME', `invalid cluster id name "${name}"`, { hint: 'this is a bug in the phase that asks for it' });
      // Serialised: parallel hosts of one step must all get the one id the first of them made.
      const work = async () => {
        const ids = await readIds();
        const existing = ids[name];
        if (existing !== undefined) return existing;
        const id = generate();
        await fs.writeAtomic(idsPath, `${JSON.stringify({ ...ids, [name]: id }, null, 2)}\n`, { mode: 0o644 });
        return id;
      };
      const run = idsQueue.then(work, work);
      idsQueue = run.catch(() => undefined);
      return run;
    },
  };
}
