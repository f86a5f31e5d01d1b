import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import { inventoryToYaml } from '../../src/inventory/layout-yaml.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('inventory.example.yaml', () => {
  it('is exactly the generated spec layout, so it never drifts', async () => {
    // After a deliberate change to the layout or its comments: npx vitest run test/init/example.test.ts -u
    await expect(inventoryToYaml(buildSpecInventory(), { comments: true })).toMatchFileSnapshot('../../inventory.example.yaml');
  });

  it('parses back to the same inventory', async () => {
    const committed = await readFile(`${root}inventory.example.yaml`, 'utf8');
    expect(parse(committed)).toEqual(buildSpecInventory());
  });

  it('renders the same data without comments', () => {
    const plain = inventoryToYaml(buildSpecInventory(), { comments: false });
    expect(plain).not.toContain('#');
    expect(parse(plain)).toEqual(buildSpecInventory());
  });

  it('holds the spec deployment: addresses, VIPs, domain, sizes, buckets', () => {
    const inv = buildSpecInventory();
    expect(inv.cluster).toEqual({ name: 'datalyptica', domain: 'datalyptica.local' });
    expect(inv.networks).toEqual({ management: '10.10.0.0/24', application: '10.20.0.0/24', storage: '10.30.0.0/24' });
    expect(inv.hosts.map((h) => [h.name, h.role, h.addresses.management, h.addresses.application, h.addresses.storage])).toEqual([
      ['vm1', 'control', '10.10.0.11', '10.20.0.11', '10.30.0.11'],
      ['vm2', 'control', '10.10.0.12', '10.20.0.12', '10.30.0.12'],
      ['vm3', 'control', '10.10.0.13', '10.20.0.13', '10.30.0.13'],
      ['vm4', 'data', '10.10.0.21', '10.20.0.21', '10.30.0.21'],
      ['vm5', 'data', '10.10.0.22', '10.20.0.22', '10.30.0.22'],
    ]);
    expect(inv.hosts.map((h) => h.resources)).toEqual([
      ...Array(3).fill({ vcpu: 32, memoryGiB: 128, diskGiB: 2048 }),
      ...Array(2).fill({ vcpu: 64, memoryGiB: 256, diskGiB: 4096 }),
    ]);
    expect(inv.hosts.every((h) => h.services === undefined)).toBe(true);
    expect(inv.vips).toEqual({ haproxy: '10.20.0.100', postgresql: '10.20.0.101', redis: '10.20.0.102', external: '203.0.113.100' });
    expect(inv.ssh).toEqual({ user: 'datalyptica', privateKey: '~/.ssh/id_ed25519', become: { method: 'sudo' }, knownHosts: '~/.ssh/known_hosts' });
    expect(inv.objectStorage?.endpoint).toBe('http://10.30.0.250');
    expect(Object.values(inv.objectStorage?.buckets ?? {})).toEqual(['datalyptica-warehouse', 'datalyptica-staging', 'datalyptica-backups', 'datalyptica-ml']);
    expect(inv.objectStorage?.credentials).toEqual({ fromEnv: { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY' } });
    expect(inv.nfs?.server).toBe('10.30.0.251');
    expect(inv.nfs?.mounts.map((m) => m.path)).toEqual(['/opt/datalyptica/shared', '/home/jupyter', '/opt/spark/recovery']);
  });
});
