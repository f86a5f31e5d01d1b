import type { HostServiceEntry, PlacementHost, PlacementInput } from './vocabulary.js';
import { SERVICES, findService } from './services.js';
import { serviceCpu, serviceMemoryMiB } from './sizing.js';
import type { PlacedService, PortDef, ServiceDef } from './types.js';

/**
 * Which service instances run on which host, with their effective ports, memory and version.
 *
 * - A host with a `services:` list runs exactly that list (a service listed twice runs twice).
 * - A host without one runs the catalog's default placement for its name: hosts named like
 *   the spec's VMs (vm1..vm5) get the spec's services; any other host gets none, because the
 *   catalog cannot guess which spec VM it stands for. Such hosts list their services.
 * - A service the inventory disables (`services.<id>.enabled: false`, or a catalog record's
 *   `catalogType` other than the inventory's `catalog.type`) runs on no host, neither
 *   by default nor where a host lists it: `validate` warns about it, and the HA-group, port and
 *   budget checks, which read the placement, leave it out.
 * - Unknown service ids are skipped, not thrown: the validator reports them with positions.
 */
export function placeServices(inventory: PlacementInput): PlacedService[] {
  return inventory.hosts
    .flatMap((host, hostIndex) => (host.services === undefined ? placeDefaults(inventory, host, hostIndex) : placeListed(inventory, host, hostIndex)))
    .filter((placed) => !isDisabled(inventory, placed.service.id));
}

/** Whether the inventory turns a service off (`services.<id>.enabled: false`). */
export function isDisabled(inventory: PlacementInput, serviceId: string): boolean {
  if (inventory.services?.[serviceId]?.enabled === false) return true;
  const catalogType = findService(serviceId)?.catalogType;
  return catalogType !== undefined && catalogType !== (inventory.catalog?.type ?? 'nessie');
}

function placeDefaults(inventory: PlacementInput, host: PlacementHost, hostIndex: number): PlacedService[] {
  return SERVICES.flatMap((def) => {
    const count = def.placement[host.name] ?? 0;
    return Array.from({ length: count }, (_, instance) =>
      placeInstance(inventory, host, def, instance, undefined, ['hosts', hostIndex]),
    );
  });
}

function placeListed(inventory: PlacementInput, host: PlacementHost, hostIndex: number): PlacedService[] {
  const instances = new Map<string, number>();
  const placed: PlacedService[] = [];
  (host.services ?? []).forEach((listed, entryIndex) => {
    const entry: HostServiceEntry = typeof listed === 'string' ? { service: listed } : listed;
    const def = findService(entry.service);
    if (def === undefined) return;
    const instance = instances.get(def.id) ?? 0;
    instances.set(def.id, instance + 1);
    placed.push(placeInstance(inventory, host, def, instance, entry, ['hosts', hostIndex, 'services', entryIndex]));
  });
  return placed;
}

function placeInstance(
  inventory: PlacementInput,
  host: PlacementHost,
  def: ServiceDef,
  instance: number,
  entry: HostServiceEntry | undefined,
  source: Array<string | number>,
): PlacedService {
  const override = inventory.services?.[def.id];
  return {
    service: def,
    host: host.name,
    instance,
    ports: def.ports.map((port) => effectivePort(port, instance, def.instancePortStep, override?.ports, entry?.ports)),
    memoryMiB: entry?.memoryMiB ?? override?.memoryMiB ?? serviceMemoryMiB(def, { role: host.role, ...host.resources }),
    cpu: serviceCpu(def, { role: host.role, ...host.resources }),
    version: override?.version ?? inventory.versions?.[def.component] ?? def.version,
    source,
  };
}

/**
 * A host entry's port is taken as written; otherwise the inventory-wide (or catalog) port,
 * moved by the service's instance step for the second and later instances on the host.
 */
function effectivePort(
  def: PortDef,
  instance: number,
  step: number | undefined,
  serviceOverride: Record<string, number> | undefined,
  hostOverride: Record<string, number> | undefined,
): PortDef {
  const port = hostOverride?.[def.name] ?? (serviceOverride?.[def.name] ?? def.port) + instance * (step ?? 0);
  // The catalog's note explains the catalog's port only.
  return port === def.port ? { ...def } : { name: def.name, port, ...(def.protocol ? { protocol: def.protocol } : {}) };
}
