import { findRelease, releaseVersions, type ArtifactRelease } from '../catalog/artifacts.js';
import { Topology } from '../config/topology.js';
import { DatalypticaError } from '../core/errors.js';
import type { Inventory } from '../inventory/model.js';
import { runsModule, type ServiceModule } from '../../phases/shared/module.js';

export interface ReleaseNeed {
  component: string;
  version: string;
}

/**
 * The releases an inventory needs from its bundle: what the modules placed on some host
 * declare (ServiceModule.releases), each once, in module order. `modules` is the registry's
 * list (phases/registry.ts serviceModules()); shared code never names a service.
 */
export function neededReleases(inventory: Inventory, modules: readonly ServiceModule[], topology = new Topology(inventory)): ReleaseNeed[] {
  const hosts = inventory.hosts.map((host) => host.name);
  return unique(modules.filter((module) => hosts.some((host) => runsModule(module, topology, host))).flatMap((module) => module.releases?.(topology) ?? []));
}

/** The same, for the modules one host runs: what `check` asks of the bundle for that host. */
export function hostReleases(host: string, modules: readonly ServiceModule[], topology: Topology): ReleaseNeed[] {
  return unique(modules.filter((module) => runsModule(module, topology, host)).flatMap((module) => module.releases?.(topology) ?? []));
}

/** The manifest's record of each need; a version the manifest does not know is a coded error naming the known ones. */
export function manifestReleases(needs: readonly ReleaseNeed[]): ArtifactRelease[] {
  return needs.map(({ component, version }) => {
    const release = findRelease(component, version);
    if (!release) {
      const known = releaseVersions(component);
      throw new DatalypticaError('E_ARTIFACT_VERSION', `${component} ${version} is not in the artifact manifest (known: ${known.join(', ') || 'none'})`, {
        hint: known.length > 0 ? `set versions.${component} to one of ${known.join(', ')}` : `${component} has no release in src/catalog/artifacts.ts`,
      });
    }
    return release;
  });
}

/** `kafka@3.9.0` -> {component, version}; the --release flag's words. */
export function parseReleaseRef(text: string): ReleaseNeed {
  const match = /^([a-z][a-z0-9-]*)@([^\s@]+)$/.exec(text.trim());
  if (!match) throw new DatalypticaError('E_FLAGS', `--release ${text}: expected component@version (kafka@3.9.0)`, { exitCode: 2 });
  return { component: match[1]!, version: match[2]! };
}

export function unique(needs: readonly ReleaseNeed[]): ReleaseNeed[] {
  const seen = new Set<string>();
  return needs.filter((need) => {
    const key = `${need.component}@${need.version}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
