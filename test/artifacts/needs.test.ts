import { describe, expect, it } from 'vitest';
import { hostReleases, manifestReleases, neededReleases, parseReleaseRef } from '../../src/artifacts/needs.js';
import { Topology } from '../../src/config/topology.js';
import { loadValidInventory } from '../../src/inventory/validate.js';
import type { ServiceModule } from '../../phases/shared/module.js';

/** Modules as the registry lists them, reduced to what `bundle` reads: services placed, releases declared. */
function module(id: string, services: string[], releases: Array<{ component: string; version: string }>): ServiceModule {
  return { id, services, probes: {}, steps: [], releases: () => releases };
}

const MODULES = [
  module('etcd', ['etcd'], []),
  module('kafka', ['kafka'], [{ component: 'kafka', version: '3.9.0' }, { component: 'jmx-exporter', version: '1.0.1' }]),
  module('kafka-connect', ['kafka-connect'], [{ component: 'kafka', version: '3.9.0' }]),
];

describe('the releases an inventory needs', () => {
  it('are those its placed modules declare, each once, in module order', async () => {
    const { inventory } = await loadValidInventory('inventory.example.yaml');
    expect(neededReleases(inventory, MODULES)).toEqual([
      { component: 'kafka', version: '3.9.0' },
      { component: 'jmx-exporter', version: '1.0.1' },
    ]);
    expect(neededReleases(inventory, [])).toEqual([]);
  });

  it('leave out modules placed on no host, and follow placement per host', async () => {
    const { inventory } = await loadValidInventory('inventory.example.yaml');
    const onlyVm4 = { ...inventory, hosts: inventory.hosts.filter((host) => host.name === 'vm4') };
    expect(neededReleases(onlyVm4, MODULES)).toEqual([]);
    const topology = new Topology(inventory);
    expect(hostReleases('vm5', MODULES, topology)).toEqual([{ component: 'kafka', version: '3.9.0' }]);
    expect(hostReleases('vm4', MODULES, topology)).toEqual([]);
  });

  it('must be releases the manifest knows', () => {
    expect(manifestReleases([{ component: 'kafka', version: '3.9.0' }]).map((release) => release.file)).toEqual(['kafka_2.13-3.9.0.tgz']);
    expect(() => manifestReleases([{ component: 'kafka', version: '3.8.0' }])).toThrow(
      expect.objectContaining({ code: 'E_ARTIFACT_VERSION', message: 'kafka 3.8.0 is not in the artifact manifest (known: 3.9.0)' }),
    );
  });

  it('can be named on the command line as component@version', () => {
    expect(parseReleaseRef('jmx-exporter@1.0.1')).toEqual({ component: 'jmx-exporter', version: '1.0.1' });
    expect(() => parseReleaseRef('kafka-3.9.0')).toThrow(expect.objectContaining({ code: 'E_FLAGS', exitCode: 2 }));
  });
});
