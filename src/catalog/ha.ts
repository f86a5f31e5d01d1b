import type { HaGroup, PlacedService } from './types.js';

export interface HaGroupMembers {
  group: HaGroup;
  /** Service ids of the group that are placed somewhere. */
  services: string[];
  /** One member per host and instance number: Patroni and its PostgreSQL count once. */
  members: Array<{ host: string; instance: number }>;
  size: number;
  /** Members that may fail with the group still working: a minority for majority groups. */
  toleratedFailures: number;
  /** A majority group needs an odd size of at least 3; other groups need one member. */
  quorumOk: boolean;
}

/** Every HA group with the members the placement gives it (groups with no member are left out). */
export function haGroups(placed: readonly PlacedService[]): HaGroupMembers[] {
  const groups = new Map<string, { group: HaGroup; services: Set<string>; members: Map<string, { host: string; instance: number }> }>();
  for (const instance of placed) {
    const group = instance.service.haGroup;
    if (group === undefined) continue;
    let entry = groups.get(group.name);
    if (entry === undefined) {
      entry = { group, services: new Set(), members: new Map() };
      groups.set(group.name, entry);
    }
    entry.services.add(instance.service.id);
    entry.members.set(`${instance.host}\u0000${instance.instance}`, { host: instance.host, instance: instance.instance });
  }
  return [...groups.values()].map(({ group, services, members }) => {
    const size = members.size;
    const majority = group.quorum === 'majority';
    return {
      group,
      services: [...services],
      members: [...members.values()],
      size,
      toleratedFailures: majority ? Math.floor((size - 1) / 2) : size - 1,
      quorumOk: majority ? size >= 3 && size % 2 === 1 : size >= 1,
    };
  });
}
