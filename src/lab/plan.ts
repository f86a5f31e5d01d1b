import ipaddr from 'ipaddr.js';
import { usageError } from '../core/errors.js';
import { NETWORK_NAMES, SPEC_HOSTS, SPEC_OFFSETS } from '../inventory/layout.js';
import type { HostRole, NetworkName } from '../inventory/model.js';

/**
 * The lab's address plan and object names, computed from the --subnet block alone so that
 * `up`, `down`, `status` and the tests agree on every name without asking the machine.
 *
 * Mapping of the spec's three networks: the layout numbers hosts .11-.251 in each network, so
 * each network is a /24; the lab block (default 198.18.20.0/22) gives management, application
 * and storage one /24 each (the fourth /24 stays free). Every lab host has ONE interface (eth0)
 * on one bridge carrying its three addresses; the bridge holds .1 of each /24, so the machine
 * reaches every host and every VIP directly.
 */

export const DEFAULT_LAB_SUBNET = '198.18.20.0/22';
/** RFC 2544 benchmarking range: never routed on the internet, so the lab cannot clash with real networks. */
export const LAB_RANGE = '198.18.0.0/15';
export const LAB_BRIDGE = 'dlab0';
export const LAB_PROXY_PORT = 3142;
/** Host-side interface names are limited to 15 characters: "dlab-" + host name. */
const IFACE_PREFIX = 'dlab-';

export interface LabHostPlan {
  name: string;
  role: HostRole;
  addresses: Record<NetworkName, string>;
  /** Network namespace under /run/netns, and the bridge-side end of the host's veth. */
  netns: string;
  veth: string;
  /** eth0's MAC, fixed like a VM's NIC: a rebooted host must not leave peers with a stale ARP entry. */
  mac: string;
}

export interface LabPlan {
  subnet: string;
  networks: Record<NetworkName, string>;
  prefixLength: number;
  bridge: string;
  /** The machine's address on each network (.1), set on the bridge. */
  bridgeAddresses: Record<NetworkName, string>;
  proxyUrl: string;
  vips: { haproxy: string; postgresql: string; redis: string };
  hosts: LabHostPlan[];
}

function toNumber(address: string): number {
  return ipaddr.IPv4.parse(address).octets.reduce((value, octet) => value * 256 + octet, 0);
}

function fromNumber(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Parses --subnet: a /22 or larger block inside 198.18.0.0/15 with no host bits set. */
export function parseLabSubnet(cidr: string): { network: number; prefix: number } {
  const hint = `use a /22 inside ${LAB_RANGE}, e.g. --subnet ${DEFAULT_LAB_SUBNET}`;
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr)) throw usageError('E_LAB_SUBNET', `--subnet "${cidr}" is not an IPv4 CIDR`, hint);
  const [address, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  const [range, rangePrefix] = ipaddr.IPv4.parseCIDR(LAB_RANGE);
  if (prefix < rangePrefix || !address.match(range, rangePrefix)) {
    throw usageError('E_LAB_SUBNET', `--subnet ${cidr} is not inside ${LAB_RANGE} (the only range the lab may use)`, hint);
  }
  if (prefix > 22) {
    throw usageError('E_LAB_SUBNET', `--subnet ${cidr} is too small: the lab needs three /24 networks (management, application, storage)`, hint);
  }
  const network = toNumber(address.toString());
  const size = 2 ** (32 - prefix);
  if (network % size !== 0) {
    throw usageError('E_LAB_SUBNET', `--subnet ${cidr} has host bits set`, `use ${fromNumber(network - (network % size))}/${prefix}`);
  }
  return { network, prefix };
}

/** A locally administered unicast MAC (02:...) with "dl" in it and the host's offset last. */
function labMac(offset: number): string {
  return `02:64:6c:00:00:${offset.toString(16).padStart(2, '0')}`;
}

export function labPlan(subnet: string = DEFAULT_LAB_SUBNET): LabPlan {
  const { network } = parseLabSubnet(subnet);
  const base = (index: number): number => network + index * 256;
  const networks = {} as Record<NetworkName, string>;
  const bridgeAddresses = {} as Record<NetworkName, string>;
  NETWORK_NAMES.forEach((name, index) => {
    networks[name] = `${fromNumber(base(index))}/24`;
    bridgeAddresses[name] = fromNumber(base(index) + 1);
  });
  const at = (name: NetworkName, offset: number): string => fromNumber(base(NETWORK_NAMES.indexOf(name)) + offset);
  const hosts = SPEC_HOSTS.map(({ name, role, offset }) => {
    const addresses = {} as Record<NetworkName, string>;
    for (const net of NETWORK_NAMES) addresses[net] = at(net, offset);
    return { name, role, addresses, netns: `${IFACE_PREFIX}${name}`, veth: `${IFACE_PREFIX}${name}`, mac: labMac(offset) };
  });
  return {
    subnet,
    networks,
    prefixLength: 24,
    bridge: LAB_BRIDGE,
    bridgeAddresses,
    proxyUrl: `http://${bridgeAddresses.management}:${LAB_PROXY_PORT}`,
    vips: {
      haproxy: at('application', SPEC_OFFSETS.haproxyVip),
      postgresql: at('application', SPEC_OFFSETS.postgresqlVip),
      redis: at('application', SPEC_OFFSETS.redisVip),
    },
    hosts,
  };
}

export function findHost(plan: LabPlan, name: string): LabHostPlan {
  const host = plan.hosts.find((candidate) => candidate.name === name);
  if (!host) {
    throw usageError('E_LAB_HOST', `lab has no host "${name}"`, `the lab hosts are ${plan.hosts.map((h) => h.name).join(', ')}`);
  }
  return host;
}
