import type { HostRole, PlacementInput } from './vocabulary.js';
import { placeServices } from './placement.js';
import { availableMemoryMiB, memoryLevel, osReserveMiB, type BudgetLevel } from './sizing.js';
import type { PlacedService, PortDef } from './types.js';

export interface BudgetRow {
  service: string;
  instance: number;
  ports: PortDef[];
  memoryMiB: number;
  cpu: number;
}

export interface HostBudget {
  host: string;
  role: HostRole;
  rows: BudgetRow[];
  memory: {
    totalMiB: number;
    osReserveMiB: number;
    /** RAM less the OS reserve. */
    availableMiB: number;
    usedMiB: number;
    /** usedMiB as a percentage of availableMiB, one decimal. */
    percent: number;
    level: BudgetLevel;
  };
  /** CPU shares may exceed the vCPU count (the spec accepts over-subscription): no level. */
  cpu: { used: number; vcpu: number; percent: number };
}

/** Per host, what its services use against what it has: the data of the topology table. */
export function hostBudget(inventory: PlacementInput, placed: readonly PlacedService[] = placeServices(inventory)): HostBudget[] {
  return inventory.hosts.map((host) => {
    const rows = placed
      .filter((instance) => instance.host === host.name)
      .map((instance) => ({
        service: instance.service.id,
        instance: instance.instance,
        ports: instance.ports,
        memoryMiB: instance.memoryMiB,
        cpu: instance.cpu,
      }));
    const totalMiB = host.resources.memoryGiB * 1024;
    const availableMiB = availableMemoryMiB(totalMiB);
    const usedMiB = rows.reduce((sum, row) => sum + row.memoryMiB, 0);
    const usedCpu = Math.round(rows.reduce((sum, row) => sum + row.cpu, 0) * 100) / 100;
    return {
      host: host.name,
      role: host.role,
      rows,
      memory: {
        totalMiB,
        osReserveMiB: osReserveMiB(totalMiB),
        availableMiB,
        usedMiB,
        percent: percent(usedMiB, availableMiB),
        level: memoryLevel(usedMiB, availableMiB),
      },
      cpu: { used: usedCpu, vcpu: host.resources.vcpu, percent: percent(usedCpu, host.resources.vcpu) },
    };
  });
}

function percent(used: number, available: number): number {
  return available > 0 ? Math.round((used * 1000) / available) / 10 : Infinity;
}
