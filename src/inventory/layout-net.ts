import ipaddr from 'ipaddr.js';

/**
 * IPv4 subnet arithmetic for the spec's numbering: every address of the layout is the
 * subnet's network address plus a fixed host offset (.11 .12 .13 .21 .22, .100-.102, .250, .251).
 * Problems are returned as one-line texts so the wizard can show them and the builder can throw them.
 */

/** The largest host offset the layout uses (the NFS server, .251). */
export const HIGHEST_LAYOUT_OFFSET = 251;

interface Subnet {
  network: number;
  prefix: number;
  size: number;
}

function toNumber(address: ipaddr.IPv4): number {
  return address.octets.reduce((value, octet) => value * 256 + octet, 0);
}

function fromNumber(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function parseSubnet(cidr: string): Subnet | string {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr)) return `"${cidr}" is not an IPv4 subnet in CIDR form (like 10.20.0.0/24)`;
  const [address, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  const size = 2 ** (32 - prefix);
  const network = Math.floor(toNumber(address) / size) * size;
  if (network !== toNumber(address)) return `"${cidr}" has host bits set; the subnet is ${fromNumber(network)}/${prefix}`;
  return { network, prefix, size };
}

/** Why `cidr` cannot carry the layout, or undefined when it can. */
export function subnetProblem(cidr: string): string | undefined {
  const subnet = parseSubnet(cidr);
  if (typeof subnet === 'string') return subnet;
  if (subnet.size - 2 < HIGHEST_LAYOUT_OFFSET) {
    return `${cidr} is too small: the layout numbers hosts up to .${HIGHEST_LAYOUT_OFFSET}, so use a /24 or larger`;
  }
  return undefined;
}

/** The address `offset` hosts above the subnet's network address: addressAt('10.20.0.0/24', 11) is 10.20.0.11. */
export function addressAt(cidr: string, offset: number): string {
  const subnet = parseSubnet(cidr);
  if (typeof subnet === 'string') throw new RangeError(subnet);
  if (offset < 1 || offset > subnet.size - 2) throw new RangeError(`offset ${offset} is outside ${cidr}`);
  return fromNumber(subnet.network + offset);
}

/** Why `address` is not a usable host address in `cidr`, or undefined when it is. */
export function addressProblem(address: string, cidr: string): string | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) return `"${address}" is not an IPv4 address`;
  const subnet = parseSubnet(cidr);
  if (typeof subnet === 'string') return subnet;
  const value = toNumber(ipaddr.IPv4.parse(address));
  if (value < subnet.network || value >= subnet.network + subnet.size) return `${address} is not inside ${cidr}`;
  if (value === subnet.network || value === subnet.network + subnet.size - 1) {
    return `${address} is the network or broadcast address of ${cidr}`;
  }
  return undefined;
}

/** Whether two valid subnets share any address. */
export function subnetsOverlap(a: string, b: string): boolean {
  const first = parseSubnet(a);
  const second = parseSubnet(b);
  if (typeof first === 'string' || typeof second === 'string') return false;
  return first.network < second.network + second.size && second.network < first.network + first.size;
}

/** The host offset of a valid `address` inside valid `cidr`: offsetIn('10.20.0.11', '10.20.0.0/24') is 11. */
export function offsetIn(address: string, cidr: string): number {
  const subnet = parseSubnet(cidr);
  if (typeof subnet === 'string') throw new RangeError(subnet);
  return toNumber(ipaddr.IPv4.parse(address)) - subnet.network;
}

/** The number of addresses in a valid `cidr` (256 for a /24). */
export function subnetSize(cidr: string): number {
  const subnet = parseSubnet(cidr);
  if (typeof subnet === 'string') throw new RangeError(subnet);
  return subnet.size;
}

export function isIPv4(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value);
}
