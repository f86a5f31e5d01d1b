import { addressAt, addressProblem, isIPv4, offsetIn, subnetProblem, subnetSize, subnetsOverlap } from './layout-net.js';
import { SPEC_HOST_SIZES, SPEC_NETWORKS, SPEC_VIPS } from '../catalog/spec.js';
import { NETWORK_NAMES, SPEC_CLUSTER, SPEC_HOSTS, SPEC_OFFSETS, SPEC_SSH, type SpecLayoutOptions, type SpecSizing } from './layout.js';
import type { NetworkName, SshSettings } from './model.js';

/**
 * The questions of `datalyptica init`. The Prompter port is the subset of @inquirer/prompts the
 * wizard uses, so the CLI passes inquirer itself and tests pass a scripted fake. Every answer is
 * checked as it is given (the prompt re-asks), so the file written at the end is valid.
 */
export interface Prompter {
  input(question: { message: string; default?: string; validate?: (value: string) => true | string }): Promise<string>;
  select<T extends string>(question: { message: string; choices: Array<{ name: string; value: T; description?: string }>; default?: T }): Promise<T>;
  confirm(question: { message: string; default?: boolean }): Promise<boolean>;
}

// The same rules as schemas/inventory.schema.json, so a typo is caught at the question.
const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DOMAIN_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const USER_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/;
const NETWORK_TITLES: Record<NetworkName, string> = { management: 'Management', application: 'Application', storage: 'Storage' };

const check = (ok: boolean, problem: string): true | string => (ok ? true : problem);

/** Addresses already taken: the derived VIPs, object storage, NFS and every host address answered so far. */
class AddressBook {
  private readonly owners = new Map<string, string>();

  constructor(networks: Record<NetworkName, string>) {
    this.owners.set(addressAt(networks.application, SPEC_OFFSETS.haproxyVip), 'the HAProxy VIP');
    this.owners.set(addressAt(networks.application, SPEC_OFFSETS.postgresqlVip), 'the PostgreSQL VIP');
    this.owners.set(addressAt(networks.application, SPEC_OFFSETS.redisVip), 'the Redis VIP');
    this.owners.set(addressAt(networks.storage, SPEC_OFFSETS.objectStorage), 'the object storage');
    this.owners.set(addressAt(networks.storage, SPEC_OFFSETS.nfs), 'the NFS server');
  }

  problem(address: string, cidr: string): string | undefined {
    const owner = this.owners.get(address);
    return addressProblem(address, cidr) ?? (owner ? `${address} is already ${owner}` : undefined);
  }

  take(address: string, owner: string): string {
    this.owners.set(address, owner);
    return address;
  }
}

async function askNetworks(prompter: Prompter): Promise<Record<NetworkName, string>> {
  const networks = {} as Record<NetworkName, string>;
  for (const name of NETWORK_NAMES) {
    networks[name] = await prompter.input({
      message: `${NETWORK_TITLES[name]} network (IPv4 CIDR)`,
      default: SPEC_NETWORKS[name],
      validate: (value) => {
        const overlapping = Object.entries(networks).find(([, other]) => subnetsOverlap(value, other));
        return subnetProblem(value) ?? (overlapping ? `${value} overlaps the ${overlapping[0]} network ${overlapping[1]}` : true);
      },
    });
  }
  return networks;
}

async function askAddress(prompter: Prompter, book: AddressBook, host: string, network: NetworkName, cidr: string, suggested: string): Promise<string> {
  const answer = await prompter.input({
    message: `${host} address on the ${network} network`,
    default: suggested,
    validate: (value) => book.problem(value, cidr) ?? true,
  });
  return book.take(answer, `${host}'s ${network} address`);
}

/** The five application addresses, then the same host numbers on the other networks unless the user declines. */
async function askHostAddresses(prompter: Prompter, networks: Record<NetworkName, string>): Promise<Record<string, Record<NetworkName, string>>> {
  const book = new AddressBook(networks);
  const application = new Map<string, string>();
  for (const host of SPEC_HOSTS) {
    application.set(host.name, await askAddress(prompter, book, host.name, 'application', networks.application, addressAt(networks.application, host.offset)));
  }
  const others = ['management', 'storage'] as const;
  const suggestion = (host: string, network: NetworkName): string | undefined => {
    const offset = offsetIn(application.get(host) ?? '', networks.application);
    const cidr = networks[network];
    const address = offset < subnetSize(cidr) - 1 ? addressAt(cidr, offset) : undefined;
    return address !== undefined && book.problem(address, cidr) === undefined ? address : undefined;
  };
  const allFit = SPEC_HOSTS.every((host) => others.every((network) => suggestion(host.name, network) !== undefined));
  const first = SPEC_HOSTS[0]?.name ?? 'vm1';
  const same =
    allFit &&
    (await prompter.confirm({
      message: `Same host numbers on management and storage (${first}: ${others.map((network) => suggestion(first, network)).join(', ')})?`,
      default: true,
    }));
  const addresses: Record<string, Record<NetworkName, string>> = {};
  for (const host of SPEC_HOSTS) {
    const other = async (network: NetworkName): Promise<string> => {
      const suggested = suggestion(host.name, network);
      if (same && suggested) return book.take(suggested, `${host.name}'s ${network} address`);
      return askAddress(prompter, book, host.name, network, networks[network], suggested ?? '');
    };
    const management = await other('management');
    const storage = await other('storage');
    addresses[host.name] = { management, application: application.get(host.name) ?? '', storage };
  }
  return addresses;
}

async function askSsh(prompter: Prompter): Promise<SshSettings> {
  const user = await prompter.input({
    message: 'SSH user on every host',
    default: SPEC_SSH.user,
    validate: (value) => check(USER_PATTERN.test(value), `"${value}" is not a valid Linux user name`),
  });
  const auth = await prompter.select({
    message: 'SSH authentication',
    choices: [
      { name: 'private key file', value: 'key' as const },
      { name: 'SSH agent (SSH_AUTH_SOCK)', value: 'agent' as const },
    ],
    default: 'key',
  });
  const privateKey =
    auth === 'key'
      ? await prompter.input({
          message: 'SSH private key file',
          default: SPEC_SSH.privateKey,
          validate: (value) => check(value.trim() !== '', 'give the path of the private key'),
        })
      : undefined;
  return {
    user,
    ...(privateKey === undefined ? { agent: true } : { privateKey: privateKey.trim() }),
    become: { method: user === 'root' ? 'none' : 'sudo' },
    knownHosts: SPEC_SSH.knownHosts,
  };
}

async function askSizing(prompter: Prompter): Promise<SpecSizing> {
  const describe = (sizing: SpecSizing): string => {
    const { control, data } = SPEC_HOST_SIZES[sizing];
    return `control ${control.vcpu} vCPU/${control.memoryGiB} GiB/${control.diskGiB} GiB disk, data ${data.vcpu} vCPU/${data.memoryGiB} GiB/${data.diskGiB} GiB disk`;
  };
  return prompter.select({
    message: 'Host sizes',
    choices: [
      { name: 'recommended', value: 'recommended', description: describe('recommended') },
      { name: 'minimum (small workloads only)', value: 'minimum', description: describe('minimum') },
    ],
    default: 'recommended',
  });
}

/** Asks every question and returns the layout options; buildSpecInventory turns them into the inventory. */
export async function runInitWizard(prompter: Prompter): Promise<SpecLayoutOptions> {
  const clusterName = await prompter.input({
    message: 'Cluster name',
    default: SPEC_CLUSTER.name,
    validate: (value) => check(NAME_PATTERN.test(value), 'use lower-case letters, digits and dashes (like datalyptica)'),
  });
  const domain = await prompter.input({
    message: 'DNS domain',
    default: clusterName === SPEC_CLUSTER.name ? SPEC_CLUSTER.domain : `${clusterName}.local`,
    validate: (value) => check(DOMAIN_PATTERN.test(value), 'use a lower-case DNS name (like datalyptica.local)'),
  });
  const networks = await askNetworks(prompter);
  const hostAddresses = await askHostAddresses(prompter, networks);
  const external = await prompter.input({
    message: "External (DMZ) VIP clients use, or 'none'",
    default: SPEC_VIPS.external ?? 'none',
    validate: (value) => check(value === 'none' || isIPv4(value), `"${value}" is not an IPv4 address`),
  });
  const ssh = await askSsh(prompter);
  const sizing = await askSizing(prompter);
  return { clusterName, domain, networks, hostAddresses, externalVip: external === 'none' ? false : external, ssh, sizing };
}
