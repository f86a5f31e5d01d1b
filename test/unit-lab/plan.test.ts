import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_SUBNET, findHost, labPlan, parseLabSubnet } from '../../src/lab/plan.js';

describe('lab address plan', () => {
  it('splits the default block into management, application and storage /24s', () => {
    const plan = labPlan();
    expect(plan.subnet).toBe(DEFAULT_LAB_SUBNET);
    expect(plan.networks).toEqual({ management: '198.18.20.0/24', application: '198.18.21.0/24', storage: '198.18.22.0/24' });
    expect(plan.bridgeAddresses).toEqual({ management: '198.18.20.1', application: '198.18.21.1', storage: '198.18.22.1' });
    expect(plan.proxyUrl).toBe('http://198.18.20.1:3142');
    expect(plan.vips).toEqual({ haproxy: '198.18.21.100', postgresql: '198.18.21.101', redis: '198.18.21.102' });
  });

  it("numbers hosts like the spec (.11 .12 .13 .21 .22) with the spec's roles", () => {
    const plan = labPlan();
    expect(plan.hosts.map((h) => [h.name, h.role, h.addresses.management])).toEqual([
      ['vm1', 'control', '198.18.20.11'],
      ['vm2', 'control', '198.18.20.12'],
      ['vm3', 'control', '198.18.20.13'],
      ['vm4', 'data', '198.18.20.21'],
      ['vm5', 'data', '198.18.20.22'],
    ]);
    expect(findHost(plan, 'vm4').addresses).toEqual({ management: '198.18.20.21', application: '198.18.21.21', storage: '198.18.22.21' });
  });

  it('keeps interface names within 15 characters and gives each host a fixed MAC', () => {
    for (const host of labPlan().hosts) {
      expect(host.veth.length).toBeLessThanOrEqual(15);
      expect(host.netns).toBe(`dlab-${host.name}`);
    }
    expect(labPlan().hosts.map((h) => h.mac)).toEqual(['02:64:6c:00:00:0b', '02:64:6c:00:00:0c', '02:64:6c:00:00:0d', '02:64:6c:00:00:15', '02:64:6c:00:00:16']);
  });

  it('accepts any /22 or larger block inside 198.18.0.0/15', () => {
    expect(labPlan('198.19.4.0/22').networks.storage).toBe('198.19.6.0/24');
    expect(labPlan('198.18.0.0/16').hosts[0]?.addresses.application).toBe('198.18.1.11');
    expect(parseLabSubnet('198.18.0.0/15').prefix).toBe(15);
  });

  it.each([
    ['10.20.0.0/22', /not inside 198\.18\.0\.0\/15/],
    ['198.17.252.0/22', /not inside/],
    ['198.20.0.0/22', /not inside/],
    ['198.18.20.0/24', /too small/],
    ['198.18.21.0/22', /host bits set/],
    ['198.18.20.0', /not an IPv4 CIDR/],
    ['nonsense', /not an IPv4 CIDR/],
  ])('rejects --subnet %s', (subnet, message) => {
    expect(() => labPlan(subnet)).toThrow(message);
  });

  it('names the hosts when asked for one that does not exist', () => {
    expect(() => findHost(labPlan(), 'vm6')).toThrow(/no host "vm6"/);
  });
});
