import type { HostRole } from './vocabulary.js';
import { specMemoryMiB, specVcpu } from './spec.js';
import type { ServiceDef } from './types.js';

/**
 * How a service's spec-sized memory and CPU follow the host it lands on: in proportion to the
 * host against the spec's recommended host of the same role. Memory never drops below the
 * service's floor, so a 4 GiB lab host runs every process with a small but working heap.
 */
export function serviceMemoryMiB(def: ServiceDef, host: { role: HostRole; memoryGiB: number }): number {
  const scaled = Math.round((def.memoryMiB * host.memoryGiB * 1024) / specMemoryMiB(host.role));
  return Math.max(def.minMemoryMiB, scaled);
}

/** CPU is a share of the host (systemd CPUWeight), not a reservation: no floor beyond 0.01. */
export function serviceCpu(def: ServiceDef, host: { role: HostRole; vcpu: number }): number {
  const scaled = (def.cpu * host.vcpu) / specVcpu(host.role);
  return Math.max(0.01, Math.round(scaled * 100) / 100);
}

const OS_RESERVE_FLOOR_MIB = 512;
const OS_RESERVE_CAP_MIB = 8192;

/**
 * Memory kept for the OS (kernel, systemd, sshd, journald, agents): 5% of RAM, at least
 * 512 MiB (what a minimal server uses), at most 8 GiB (more is page cache, not OS).
 * 4 GiB -> 512 MiB, 128 GiB -> 6554 MiB, 256 GiB -> 8192 MiB.
 */
export function osReserveMiB(hostMemoryMiB: number): number {
  return Math.min(OS_RESERVE_CAP_MIB, Math.max(OS_RESERVE_FLOOR_MIB, Math.round(hostMemoryMiB * 0.05)));
}

/** Memory the services of a host may use: its RAM less the OS reserve. */
export function availableMemoryMiB(hostMemoryMiB: number): number {
  return hostMemoryMiB - osReserveMiB(hostMemoryMiB);
}

/** Placed memory above this share of the available memory is a warning; above all of it, an error. */
export const MEMORY_WARNING_PERCENT = 90;

export type BudgetLevel = 'ok' | 'warning' | 'error';

export function memoryLevel(usedMiB: number, availableMiB: number): BudgetLevel {
  if (usedMiB > availableMiB) return 'error';
  if (usedMiB * 100 > availableMiB * MEMORY_WARNING_PERCENT) return 'warning';
  return 'ok';
}
