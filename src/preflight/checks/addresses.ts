import ipaddr from 'ipaddr.js';
import type { HostSpec, NetworkName } from '../../inventory/model.js';
import type { HostFacts } from '../parse-facts.js';
import type { CheckOutcome } from '../types.js';

const NETWORKS: NetworkName[] = ['management', 'application', 'storage'];

/** One spelling per address, so `::1` and `0:0::1` compare equal. */
function canonical(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.process(address).toNormalizedString() : address;
}

/**
 * Services bind the inventory's application and storage addresses, so those must be on an
 * interface. The management address is where SSH went: missing there it may be a NAT or a
 * bastion's view of the host, which works for the tool but not for binding, hence a warning.
 */
export function checkAddresses(host: HostSpec, facts: HostFacts): CheckOutcome {
  const present = new Map(facts.addresses.map((a) => [canonical(a.address), a.iface]));
  const found: string[] = [];
  const missing: Array<{ network: NetworkName; address: string }> = [];
  for (const network of NETWORKS) {
    const address = host.addresses[network];
    const iface = present.get(canonical(address));
    if (iface) found.push(`${address} on ${iface}`);
    else missing.push({ network, address });
  }
  if (missing.length === 0) return { status: 'pass', detail: found.join(', ') };
  const onHost = facts.addresses.filter((a) => a.iface !== 'lo').map((a) => `${a.address}/${a.prefix}`).join(', ') || 'none';
  const detail = `${missing.map((m) => `${m.network} ${m.address}`).join(', ')} not on any interface (the host has ${onHost})`;
  const fix = `add ${missing.map((m) => m.address).join(', ')} to ${host.name}'s interfaces, or correct its addresses in the inventory`;
  const fatal = missing.some((m) => m.network !== 'management');
  return fatal ? { status: 'fail', detail, fix } : { status: 'warn', detail: `${detail}; reached over SSH, so NAT or a bastion may be in between`, fix };
}
