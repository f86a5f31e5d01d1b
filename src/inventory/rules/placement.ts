import { componentIds, findService, isDisabled, SERVICES, serviceIds } from '../../catalog/index.js';
import { error, warning, type Finding } from '../diagnostics.js';
import { suggestionHint } from '../did-you-mean.js';
import type { Inventory } from '../model.js';
import type { RuleContext } from './context.js';

/**
 * Names used by placement and overrides must exist: service ids (host lists and `services:`),
 * port names of those services, component names of `versions:`. Checked before placement,
 * which skips what it does not know.
 */
export function placementNames({ inventory }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const ids = serviceIds();
  const checkPorts = (serviceId: string, ports: Record<string, number> | undefined, path: Array<string | number>) => {
    const known = findService(serviceId)?.ports.map((port) => port.name) ?? [];
    for (const name of Object.keys(ports ?? {})) {
      if (!known.includes(name)) {
        const hint = known.length > 0 ? suggestionHint(name, known, `${serviceId} ports`) : `${serviceId} listens on no port`;
        findings.push({ ...error('E_UNKNOWN_PORT_NAME', [...path, name], `${serviceId} has no port named "${name}"`, hint), atKey: true });
      }
    }
  };
  inventory.hosts.forEach((host, hostIndex) => {
    host.services?.forEach((entry, entryIndex) => {
      const id = typeof entry === 'string' ? entry : entry.service;
      const path = typeof entry === 'string' ? ['hosts', hostIndex, 'services', entryIndex] : ['hosts', hostIndex, 'services', entryIndex, 'service'];
      if (findService(id) === undefined) {
        findings.push(error('E_UNKNOWN_SERVICE', path, `${host.name}: unknown service "${id}"`, suggestionHint(id, ids, 'services')));
      } else if (typeof entry !== 'string') {
        checkPorts(id, entry.ports, ['hosts', hostIndex, 'services', entryIndex, 'ports']);
      }
    });
  });
  for (const [id, override] of Object.entries(inventory.services ?? {})) {
    if (findService(id) === undefined) {
      findings.push({ ...error('E_UNKNOWN_SERVICE', ['services', id], `services: unknown service "${id}"`, suggestionHint(id, ids, 'services')), atKey: true });
    } else {
      checkPorts(id, override.ports, ['services', id, 'ports']);
    }
  }
  const components = componentIds();
  for (const component of Object.keys(inventory.versions ?? {})) {
    if (!components.includes(component)) {
      findings.push({ ...error('E_UNKNOWN_COMPONENT', ['versions', component], `versions: unknown component "${component}"`, suggestionHint(component, components, 'components')), atKey: true });
    }
  }
  return findings;
}

/**
 * Default placement puts services on the spec's host names (vm1..vm5). A host without a
 * `services:` list and without such a name runs nothing; a spec host missing from `hosts`
 * silently drops its default services. Both are reported so nothing vanishes unnoticed.
 */
export function placementHosts({ inventory, placed }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const usesDefaults = inventory.hosts.some((host) => host.services === undefined);
  inventory.hosts.forEach((host, index) => {
    if (!placed.some((instance) => instance.host === host.name)) {
      const why = host.services === undefined ? ' (only hosts named like the spec, vm1..vm5, get default services)' : '';
      findings.push(warning('W_HOST_NO_SERVICES', ['hosts', index, 'name'], `host ${host.name} runs no service${why}`, 'give it a services: list, or remove it'));
    }
  });
  if (usesDefaults) {
    for (const missing of missingDefaultHosts(inventory)) {
      findings.push(warning('W_DEFAULT_HOST_MISSING', ['hosts'], `default placement puts ${missing.services.join(', ')} on ${missing.host}, which is not in hosts`, `add ${missing.host}, or list those services on another host`));
    }
  }
  return findings;
}

/**
 * A service the inventory disables runs nowhere: said once per service, with where it would
 * have run, so a service does not vanish unnoticed (a warning: turning one off is allowed).
 */
export function disabledServices({ inventory }: RuleContext): Finding[] {
  return Object.keys(inventory.services ?? {})
    .filter((id) => isDisabled(inventory, id) && findService(id) !== undefined)
    .map((id) => {
      const listed = inventory.hosts.filter((host) => host.services?.some((entry) => (typeof entry === 'string' ? entry : entry.service) === id)).map((host) => host.name);
      const defaults = inventory.hosts.filter((host) => host.services === undefined && (findService(id)!.placement[host.name] ?? 0) > 0).map((host) => host.name);
      const skipped = [...new Set([...listed, ...defaults])];
      const where = skipped.length > 0 ? `, not on ${skipped.join(', ')}` : '';
      return warning('W_SERVICE_DISABLED', ['services', id, 'enabled'], `${id} is disabled: it is installed on no host${where}`, `remove services.${id}.enabled: false to install it`);
    });
}

function missingDefaultHosts(inventory: Inventory): Array<{ host: string; services: string[] }> {
  const present = new Set(inventory.hosts.map((host) => host.name));
  const byHost = new Map<string, string[]>();
  for (const def of SERVICES.filter((service) => !isDisabled(inventory, service.id))) {
    for (const host of Object.keys(def.placement)) {
      if (!present.has(host)) byHost.set(host, [...(byHost.get(host) ?? []), def.id]);
    }
  }
  return [...byHost.entries()].map(([host, services]) => ({ host, services }));
}
