import { readFile } from 'node:fs/promises';
import { Topology } from '../../src/config/topology.js';
import { systemClock } from '../../src/core/clock.js';
import type { KitContext } from '../../src/failover/kit.js';
import type { ReconnectingShell } from '../../src/failover/shell.js';
import type { Inventory } from '../../src/inventory/model.js';
import { ClusterPki } from '../../src/pki/cluster-pki.js';
import { SecretStore } from '../../src/secrets/store.js';

/** What the failover kits need, from the lab's state: lab tests drive the modules' real clients with it. */
export async function labKitContext(stateDir: string, inventory: Inventory, shell: ReconnectingShell): Promise<KitContext> {
  const pki = new ClusterPki(stateDir, inventory.cluster.name);
  const store = await SecretStore.open(stateDir);
  return {
    inventory,
    topology: new Topology(inventory),
    shell,
    clock: systemClock,
    ca: (await pki.ensureCa()).certPem,
    secret: async (name) => (await store.get(name)) ?? '',
    clientCertificate: async () => {
      const issued = await pki.ensureCert({ id: 'clients/rolling-test', commonName: 'rolling-test', usage: 'client', subjectAltNames: [] });
      return { cert: issued.certPem, key: await readFile(issued.keyPath, 'utf8') };
    },
  };
}
