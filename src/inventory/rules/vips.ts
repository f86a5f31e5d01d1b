import { error, type Finding } from '../diagnostics.js';
import type { Vips } from '../model.js';
import type { RuleContext } from './context.js';
import { inCidr, parseCidr } from './networks.js';

/** The VIPs that keepalived/vip-manager move between application-network hosts. */
const INTERNAL_VIPS = ['haproxy', 'postgresql', 'redis'] as const;

/** VIPs sit in the application network (except the DMZ one), differ from each other and from every host address. */
export function vipRules({ inventory }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const application = parseCidr(inventory.networks.application);
  for (const name of INTERNAL_VIPS) {
    const vip = inventory.vips[name];
    if (!inCidr(vip, application)) {
      findings.push(error('E_VIP_OUTSIDE_NETWORK', ['vips', name], `${name} VIP ${vip} is outside the application network ${inventory.networks.application}`, `pick a free address in ${inventory.networks.application}`));
    }
  }
  const hostAddresses = new Map<string, string>();
  for (const host of inventory.hosts) {
    for (const [network, address] of Object.entries(host.addresses)) hostAddresses.set(address, `the ${network} address of ${host.name}`);
  }
  const seen = new Map<string, string>();
  for (const [name, vip] of Object.entries(inventory.vips) as Array<[keyof Vips, string | undefined]>) {
    if (vip === undefined) continue;
    const owner = hostAddresses.get(vip);
    if (owner !== undefined) {
      findings.push(error('E_VIP_IS_HOST_ADDRESS', ['vips', name], `${name} VIP ${vip} is ${owner}`, 'a VIP must be an address no host has permanently'));
    }
    const other = seen.get(vip);
    if (other !== undefined) {
      findings.push(error('E_DUP_VIP', ['vips', name], `${name} VIP ${vip} is also the ${other} VIP`, 'give each VIP its own address'));
    } else {
      seen.set(vip, name);
    }
  }
  return findings;
}
