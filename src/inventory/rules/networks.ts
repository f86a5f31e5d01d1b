import ipaddr from 'ipaddr.js';
import { error, type Finding } from '../diagnostics.js';
import type { NetworkName } from '../model.js';
import type { RuleContext } from './context.js';

const NETWORKS: NetworkName[] = ['management', 'application', 'storage'];

export type Cidr = [ipaddr.IPv4, number];

export function parseCidr(cidr: string): Cidr {
  return ipaddr.IPv4.parseCIDR(cidr);
}

export function inCidr(address: string, cidr: Cidr): boolean {
  return ipaddr.IPv4.parse(address).match(cidr);
}

/** Network and broadcast addresses of the CIDR cannot be given to a host (not for /31 and /32). */
export function isReserved(address: string, [base, bits]: Cidr): boolean {
  if (bits >= 31) return false;
  const parsed = ipaddr.IPv4.parse(address).toString();
  return parsed === ipaddr.IPv4.networkAddressFromCIDR(`${base.toString()}/${bits}`).toString()
    || parsed === ipaddr.IPv4.broadcastAddressFromCIDR(`${base.toString()}/${bits}`).toString();
}

/** Every host address lies inside its network's CIDR and is not its network or broadcast address. */
export function addressesInNetworks({ inventory }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const network of NETWORKS) {
    const cidr = parseCidr(inventory.networks[network]);
    inventory.hosts.forEach((host, index) => {
      const address = host.addresses[network];
      const path = ['hosts', index, 'addresses', network];
      if (!inCidr(address, cidr)) {
        findings.push(error('E_ADDRESS_OUTSIDE_NETWORK', path, `${host.name}: ${network} address ${address} is outside the ${network} network ${inventory.networks[network]}`, `use an address in ${inventory.networks[network]} or fix networks.${network}`));
      } else if (isReserved(address, cidr)) {
        findings.push(error('E_ADDRESS_RESERVED', path, `${host.name}: ${address} is the network or broadcast address of ${inventory.networks[network]}`, 'pick a host address inside the range'));
      }
    });
  }
  return findings;
}
