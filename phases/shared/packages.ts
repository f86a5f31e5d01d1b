import { DISTRO_VERSION } from '../../src/catalog/index.js';
import { Topology } from '../../src/config/index.js';
import type { PackageSpec } from '../../src/engine/resources/index.js';

/**
 * A distribution package pinned to the version the inventory gives the component
 * (`versions.etcd: "3.4"` matches 3.4.23-4); unpinned when the catalog leaves it to the
 * distribution.
 */
export function pinnedPackage(topology: Topology, serviceId: string, host: string, name: string): PackageSpec {
  const version = topology.on(serviceId, host).version;
  return version === DISTRO_VERSION ? name : { name, version };
}
