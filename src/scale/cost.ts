import type { HostRole } from '../inventory/model.js';
import type { CostDelta, CostLine } from './types.js';

/**
 * The spec's "Cost Estimation" figures and how they extend past 5 VMs. The spec prices only its
 * two VM sizes; everything per-VM below is the 5-VM figure divided by 5 (stated as assumptions).
 */
export const SPEC_COSTS = {
  vm: { control: 15_000, data: 25_000 } as Record<HostRole, number>,
  objectStorage: { low: 250_000, high: 500_000, tb: 50 },
  nfs: 10_000,
  network5Vms: 30_000,
  licenses5VmsPerYear: 12_000,
  personnelPerYear: 300_000,
  powerCooling5VmsPerYear: 10_000,
  maintenance5VmsPerYear: 20_000,
} as const;

export const COST_ASSUMPTIONS = [
  "every VM is priced as the spec's VM of its role: control plane $15,000 (32 vCPU, 128 GB), data plane $25,000 (64 vCPU, 256 GB); new VM types use the size of their role",
  'hosts kept from the current inventory are priced the same way, whatever their real size',
  'network ($30,000 for 5 VMs), licenses ($12,000/year), power and cooling ($10,000/year) and maintenance ($20,000/year) grow per VM at a fifth of the 5-VM figure',
  'enterprise object storage (50 TB, $250,000-$500,000; the low figure is used) and NFS ($10,000) do not depend on the VM count',
  'personnel (2 engineers, $300,000/year) is unchanged; add headcount yourself if the larger cluster needs it',
];

function perVm(total: number, vms: number): number {
  return Math.round((total / 5) * vms);
}

function vmCost(roles: readonly HostRole[]): number {
  return roles.reduce((sum, role) => sum + SPEC_COSTS.vm[role], 0);
}

/** CapEx and yearly OpEx of the current hosts against the next tier's, from the spec's figures. */
export function costDelta(currentRoles: readonly HostRole[], nextRoles: readonly HostRole[]): CostDelta {
  const now = currentRoles.length;
  const next = nextRoles.length;
  const capex: CostLine[] = [
    { item: `VMs (${now} -> ${next})`, current: vmCost(currentRoles), next: vmCost(nextRoles) },
    { item: 'network: switches, NICs, cabling', current: perVm(SPEC_COSTS.network5Vms, now), next: perVm(SPEC_COSTS.network5Vms, next) },
    { item: 'enterprise object storage, 50 TB (low estimate)', current: SPEC_COSTS.objectStorage.low, next: SPEC_COSTS.objectStorage.low },
    { item: 'NFS/SAN, 1 TB', current: SPEC_COSTS.nfs, next: SPEC_COSTS.nfs },
  ];
  const opexPerYear: CostLine[] = [
    { item: 'licenses (RHEL/Ubuntu support)', current: perVm(SPEC_COSTS.licenses5VmsPerYear, now), next: perVm(SPEC_COSTS.licenses5VmsPerYear, next) },
    { item: 'personnel (2 engineers)', current: SPEC_COSTS.personnelPerYear, next: SPEC_COSTS.personnelPerYear },
    { item: 'power and cooling', current: perVm(SPEC_COSTS.powerCooling5VmsPerYear, now), next: perVm(SPEC_COSTS.powerCooling5VmsPerYear, next) },
    { item: 'maintenance', current: perVm(SPEC_COSTS.maintenance5VmsPerYear, now), next: perVm(SPEC_COSTS.maintenance5VmsPerYear, next) },
  ];
  const delta = (lines: CostLine[]) => lines.reduce((sum, line) => sum + line.next - line.current, 0);
  return { capex, opexPerYear, capexDelta: delta(capex), opexDeltaPerYear: delta(opexPerYear), assumptions: COST_ASSUMPTIONS };
}
