import { ClusterPki } from '../pki/cluster-pki.js';
import { SecretStore, type SecretSink } from '../secrets/store.js';

/**
 * The cluster's state on the control machine that phases render into configs: generated
 * secrets and the cluster CA, both under the state directory. Nothing is read or created until
 * a phase asks, so phases that need neither (phase 1, unit tests) touch no files.
 */
export interface ClusterState {
  readonly stateDir: string;
  /** The cluster CA and the certificates it signs (`<stateDir>/pki`). */
  readonly pki: ClusterPki;
  /** The secrets store (`<stateDir>/secrets.json`); every value it hands out is redacted. */
  secrets(): Promise<SecretStore>;
}

export function clusterState(stateDir: string, clusterName: string, redactor: SecretSink): ClusterState {
  let store: Promise<SecretStore> | undefined;
  return {
    stateDir,
    pki: new ClusterPki(stateDir, clusterName),
    secrets: () => (store ??= SecretStore.open(stateDir, { redactor })),
  };
}
