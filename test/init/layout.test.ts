import { describe, expect, it } from 'vitest';
import { DatalypticaError } from '../../src/core/errors.js';
import { buildSpecInventory } from '../../src/inventory/layout.js';
import { addressAt, addressProblem, offsetIn, subnetProblem, subnetsOverlap } from '../../src/inventory/layout-net.js';
import { inventoryToYaml } from '../../src/inventory/layout-yaml.js';
import { parse } from 'yaml';

const lab = { management: '198.18.0.0/24', application: '198.18.1.0/24', storage: '198.18.2.0/24' };

function layoutError(run: () => unknown): DatalypticaError {
  try {
    run();
  } catch (error) {
    if (error instanceof DatalypticaError) return error;
    throw error;
  }
  throw new Error('expected a DatalypticaError');
}

describe('subnet arithmetic', () => {
  it('numbers hosts from the network address of any IPv4 subnet', () => {
    expect(addressAt('10.20.0.0/24', 11)).toBe('10.20.0.11');
    expect(addressAt('172.16.4.0/22', 251)).toBe('172.16.4.251');
    expect(addressAt('10.0.0.0/8', 300)).toBe('10.0.1.44');
    expect(offsetIn('10.0.1.44', '10.0.0.0/8')).toBe(300);
  });

  it('explains unusable subnets and addresses', () => {
    expect(subnetProblem('10.20.0.0/24')).toBeUndefined();
    expect(subnetProblem('10.20.0.0/25')).toMatch(/too small.*\/24 or larger/);
    expect(subnetProblem('10.20.0.5/24')).toMatch(/host bits set; the subnet is 10\.20\.0\.0\/24/);
    expect(subnetProblem('10.20.0/24')).toMatch(/not an IPv4 subnet/);
    expect(subnetProblem('fd00::/64')).toMatch(/not an IPv4 subnet/);
    expect(addressProblem('10.20.1.11', '10.20.0.0/24')).toMatch(/not inside 10\.20\.0\.0\/24/);
    expect(addressProblem('10.20.0.255', '10.20.0.0/24')).toMatch(/broadcast/);
    expect(addressProblem('10.20.0.300', '10.20.0.0/24')).toMatch(/not an IPv4 address/);
    expect(subnetsOverlap('10.0.0.0/16', '10.0.5.0/24')).toBe(true);
    expect(subnetsOverlap('10.0.0.0/24', '10.0.1.0/24')).toBe(false);
  });
});

describe('buildSpecInventory', () => {
  it('derives every address from other subnets exactly as the spec numbers them', () => {
    const inv = buildSpecInventory({ networks: lab, externalVip: false });
    expect(inv.hosts.map((h) => h.addresses)).toEqual([11, 12, 13, 21, 22].map((n) => ({
      management: `198.18.0.${n}`,
      application: `198.18.1.${n}`,
      storage: `198.18.2.${n}`,
    })));
    expect(inv.vips).toEqual({ haproxy: '198.18.1.100', postgresql: '198.18.1.101', redis: '198.18.1.102' });
    expect(inv.objectStorage?.endpoint).toBe('http://198.18.2.250');
    expect(inv.nfs?.server).toBe('198.18.2.251');
  });

  it('uses the network address of larger subnets', () => {
    const inv = buildSpecInventory({ networks: { management: '10.64.0.0/23', application: '10.65.0.0/16', storage: '10.66.8.0/21' } });
    expect(inv.hosts[3]?.addresses).toEqual({ management: '10.64.0.21', application: '10.65.0.21', storage: '10.66.8.21' });
  });

  it('sizes hosts from the spec tables or explicit resources', () => {
    const minimum = buildSpecInventory({ sizing: 'minimum' });
    expect(minimum.hosts.map((h) => h.resources.vcpu)).toEqual([16, 16, 16, 32, 32]);
    expect(minimum.hosts[4]?.resources).toEqual({ vcpu: 32, memoryGiB: 128, diskGiB: 2048 });
    expect(inventoryToYaml(minimum)).toContain('# spec minimum data-plane size');
    const small = buildSpecInventory({
      sizing: { control: { vcpu: 2, memoryGiB: 4, diskGiB: 20 }, data: { vcpu: 4, memoryGiB: 8, diskGiB: 40 } },
    });
    expect(small.hosts.map((h) => h.resources.memoryGiB)).toEqual([4, 4, 4, 8, 8]);
    expect(inventoryToYaml(small)).not.toContain('size\n');
  });

  it('takes explicit addresses, VIPs, storage, ssh and passes overrides through', () => {
    const inv = buildSpecInventory({
      networks: lab,
      hostAddresses: { vm2: { application: '198.18.1.42' } },
      vips: { postgresql: '198.18.1.200' },
      objectStorage: { endpoint: 'http://198.18.2.250:9000', region: 'us-east-1' },
      nfs: false,
      ssh: { user: 'root', agent: true, become: { method: 'none' } },
      versions: { trino: '470' },
      artifacts: { packageProxy: 'http://198.18.0.1:3142' },
    });
    expect(inv.hosts[1]?.addresses).toEqual({ management: '198.18.0.12', application: '198.18.1.42', storage: '198.18.2.12' });
    expect(inv.vips.postgresql).toBe('198.18.1.200');
    expect(inv.objectStorage).toMatchObject({ endpoint: 'http://198.18.2.250:9000', region: 'us-east-1', buckets: { ml: 'datalyptica-ml' } });
    expect(inv.nfs).toBeUndefined();
    expect(inv.versions).toEqual({ trino: '470' });
    const yaml = inventoryToYaml(inv);
    expect(parse(yaml)).toEqual(inv);
    expect(yaml).not.toContain('# versions:'); // the override example is left out once the file has versions
  });

  it('refuses subnets too small for .251, bad and overlapping subnets', () => {
    const small = layoutError(() => buildSpecInventory({ networks: { ...lab, storage: '198.18.2.0/25' } }));
    expect(small.message).toMatch(/^networks\.storage: 198\.18\.2\.0\/25 is too small/);
    expect(small.hint).toBeDefined();
    expect(layoutError(() => buildSpecInventory({ networks: { ...lab, application: 'nope' } })).message).toMatch(/networks\.application/);
    expect(layoutError(() => buildSpecInventory({ networks: { ...lab, storage: '198.18.0.0/23' } })).message).toMatch(/overlaps/);
  });

  it('refuses addresses outside their subnet, clashing addresses and unknown hosts', () => {
    expect(layoutError(() => buildSpecInventory({ hostAddresses: { vm1: { storage: '10.20.0.11' } } })).message).toMatch(
      /^vm1\.addresses\.storage: 10\.20\.0\.11 is not inside 10\.30\.0\.0\/24/,
    );
    expect(layoutError(() => buildSpecInventory({ hostAddresses: { vm5: { application: '10.20.0.100' } } })).message).toMatch(
      /vips\.haproxy and vm5\.addresses\.application both use 10\.20\.0\.100/,
    );
    expect(layoutError(() => buildSpecInventory({ hostAddresses: { vm6: {} } })).message).toMatch(/vm6: no such host/);
  });
});
