import type { PlacedService } from '../catalog/types.js';
import type { HealthOf } from '../health/types.js';
import type { Inventory } from '../inventory/model.js';
import { countedStatus, type ExpectedOn } from './groups.js';
import type { HostStatus, VipStatus } from './types.js';

/**
 * Each VIP a placed, installed service moves (its probe's `vip`): exactly one host must hold
 * it. None means clients of that VIP reach nothing; two means two hosts answer ARP for it.
 */
export function vipStatuses(
  inventory: Inventory,
  placed: readonly PlacedService[],
  hosts: readonly HostStatus[],
  addresses: ReadonlyMap<string, Set<string>>,
  expectedOn: ExpectedOn,
  health: HealthOf,
): VipStatus[] {
  const managers = new Map<keyof Inventory['vips'], PlacedService[]>();
  for (const instance of placed) {
    const vip = health(instance.service.id)?.vip;
    if (vip === undefined || !countedStatus(instance, hosts, expectedOn)) continue;
    managers.set(vip, [...(managers.get(vip) ?? []), instance]);
  }
  return [...managers].flatMap(([name, instances]) => {
    const address = inventory.vips[name];
    if (address === undefined) return [];
    const managedBy = instances[0]!.service.id;
    const holders = inventory.hosts.filter((host) => addresses.get(host.name)?.has(address)).map((host) => host.name);
    const silent = hosts.filter((host) => !host.reachable).map((host) => host.name);
    const problems: string[] = [];
    let health: VipStatus['health'] = 'healthy';
    if (holders.length === 0) {
      // A host that did not answer in time may hold it; one that is unreachable serves nobody.
      health = hosts.some((host) => host.reach === 'unknown') ? 'unknown' : 'down';
      problems.push(`held by no host${silent.length > 0 ? ` that answered (${silent.join(', ')} did not)` : ''}`);
    } else if (holders.length > 1) {
      health = 'down';
      problems.push(`held by ${holders.join(' and ')}: split brain`);
    } else if (!instances.some((instance) => instance.host === holders[0])) {
      health = 'degraded';
      problems.push(`held by ${holders[0]}, which does not run ${managedBy}`);
    }
    const where = holders.length === 1 ? `on ${holders[0]}` : problems[0]!;
    const summary = [`vip ${name} ${address} ${where}`, ...(holders.length === 1 ? problems : [])].join(' · ');
    return [{ name, address, managedBy, holders, health, problems, summary }];
  });
}
