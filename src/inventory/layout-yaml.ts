import { Document, isMap, isScalar, isSeq, type Pair, type YAMLMap } from 'yaml';
import { SPEC_HOST_SIZES } from '../catalog/spec.js';
import { SPEC_HOSTS, type HostResources } from './layout.js';
import type { Inventory } from './model.js';

/**
 * Inventory -> YAML text, optionally with comments that explain each section and how to
 * override placement. `init` writes it and inventory.example.yaml is exactly its output for
 * the spec's layout, so the two cannot drift apart.
 */
export interface InventoryYamlOptions {
  comments?: boolean;
}

const HEADER = [
  ' Datalyptica inventory: the hosts, networks and access the tool installs the platform on.',
  ' Check it with `datalyptica validate`; see what would be installed with `datalyptica plan`.',
];

/** Top-level sections and the comment above each. */
const SECTION_COMMENTS: Record<string, string[]> = {
  cluster: [' DNS names: vm1.<domain> on the application network, vm1.mgmt.<domain> on management,', ' lb.<domain>, postgres.<domain> and redis.<domain> for the VIPs.'],
  ssh: [
    ' How datalyptica reaches every host: SSH as this user with this key (without privateKey the',
    ' SSH agent is used), sudo for root, host keys checked against knownHosts.',
  ],
  networks: [' Each VM has one NIC on each network: management (1 Gbps), application and storage (10 Gbps).'],
  vips: [
    ' Virtual IPs on the application network: haproxy is the entry point (keepalived on vm1-vm3),',
    ' postgresql follows the Patroni leader, redis follows the Sentinel master.',
    ' external is the DMZ address clients use; delete it when there is none.',
  ],
  hosts: [
    " vm1-vm3 are the control plane, vm4-vm5 the data plane. Hosts named vm1..vm5 run the spec's",
    " services (the catalog's default placement, with the port and quorum fixes of REVIEW.md);",
    ' `datalyptica plan` lists them. To place services yourself, give a host a `services:` list:',
    " it replaces that host's defaults, and a service listed twice runs two instances, e.g.",
    '   services: [spark-worker, { service: trino-worker, memoryMiB: 16384 }]',
  ],
  objectStorage: [
    ' Enterprise S3-compatible storage outside the five VMs: configured and checked, not installed.',
    ' The keys are read from these environment variables, never written here.',
  ],
  nfs: [' NFS share outside the five VMs, mounted on every host (one subdirectory of the export per mount).'],
};

const FOOTER = [
  ' Overrides for every host a service runs on, and component versions (catalog defaults otherwise):',
  ' services:',
  '   kafka: { memoryMiB: 8192 }',
  ' versions:',
  '   trino: "469"',
];

const ROLE_NAMES = { control: 'control-plane', data: 'data-plane' } as const;

function sizeComment(role: 'control' | 'data', resources: HostResources): string | undefined {
  for (const sizing of ['recommended', 'minimum'] as const) {
    const spec = SPEC_HOST_SIZES[sizing][role];
    if (spec.vcpu === resources.vcpu && spec.memoryGiB === resources.memoryGiB && spec.diskGiB === resources.diskGiB) {
      return ` spec ${sizing} ${ROLE_NAMES[role]} size`;
    }
  }
  return undefined;
}

function decorateHosts(hosts: unknown, inventory: Inventory, comments: boolean): void {
  if (!isSeq(hosts)) return;
  hosts.items.forEach((item, index) => {
    const host = inventory.hosts[index];
    if (!isMap(item) || !host) return;
    // One line per address set and per size keeps five hosts readable on one screen.
    for (const key of ['addresses', 'resources']) {
      const node = item.get(key, true);
      if (isMap(node)) node.flow = true;
    }
    if (!comments) return;
    const title = SPEC_HOSTS.find((spec) => spec.name === host.name)?.title;
    if (title) item.commentBefore = ` ${host.name}: ${title}`;
    const resources = item.get('resources', true);
    const size = sizeComment(host.role, host.resources);
    if (isMap(resources) && size) resources.comment = size;
  });
}

export function inventoryToYaml(inventory: Inventory, options: InventoryYamlOptions = {}): string {
  const comments = options.comments ?? true;
  const doc = new Document(inventory);
  const root = doc.contents as YAMLMap;
  for (const pair of root.items as Pair[]) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    if (name === 'hosts') decorateHosts(pair.value, inventory, comments);
    if (name === 'apiVersion' || !comments) continue;
    pair.key.spaceBefore = true;
    const text = SECTION_COMMENTS[name];
    if (text) pair.key.commentBefore = text.join('\n');
  }
  if (comments) {
    doc.commentBefore = HEADER.join('\n');
    if (!inventory.services && !inventory.versions) doc.comment = FOOTER.join('\n');
  }
  return doc.toString({ lineWidth: 0 });
}
