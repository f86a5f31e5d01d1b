import { error, type Finding } from '../diagnostics.js';
import type { NetworkName } from '../model.js';
import type { RuleContext } from './context.js';

const NETWORKS: NetworkName[] = ['management', 'application', 'storage'];

/** Host names are unique; an address belongs to one host (a host may reuse it across networks). */
export function uniqueHosts({ inventory }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const names = new Map<string, number>();
  const owners = new Map<string, { host: number; network: NetworkName }>();
  inventory.hosts.forEach((host, index) => {
    const first = names.get(host.name);
    if (first !== undefined) {
      findings.push(error('E_DUP_HOST_NAME', ['hosts', index, 'name'], `host name "${host.name}" is already used by hosts[${first}]`, 'give every host its own name'));
    } else {
      names.set(host.name, index);
    }
    for (const network of NETWORKS) {
      const address = host.addresses[network];
      const owner = owners.get(address);
      if (owner !== undefined && owner.host !== index) {
        const other = inventory.hosts[owner.host]?.name ?? `hosts[${owner.host}]`;
        findings.push(error('E_DUP_HOST_ADDRESS', ['hosts', index, 'addresses', network], `${network} address ${address} of ${host.name} is already the ${owner.network} address of ${other}`, 'give every host its own addresses'));
      } else if (owner === undefined) {
        owners.set(address, { host: index, network });
      }
    }
  });
  return findings;
}
