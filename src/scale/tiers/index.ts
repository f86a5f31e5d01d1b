import { SPEC_HOST_SIZES } from '../../catalog/index.js';
import { FIVE_VM_LIMITS } from '../thresholds.js';
import type { TierLimits } from '../types.js';
import { TIER_10 } from './tier-10.js';
import { TIER_20 } from './tier-20.js';
import { TIER_5 } from './tier-5.js';
import { TIER_50 } from './tier-50.js';
import { tierServiceId, type TierLayout } from './types.js';

export { TIER_5, TIER_10, TIER_20, TIER_50 };
export * from './types.js';

/** The spec's scaling path: 5 -> 10 -> 20 -> 50 VMs. */
export const TIERS: readonly TierLayout[] = [TIER_5, TIER_10, TIER_20, TIER_50];

/** The smallest tier that holds `hosts` hosts, or undefined beyond 50. */
export function tierForHostCount(hosts: number): TierLayout | undefined {
  return TIERS.find((tier) => hosts <= tier.vms);
}

export function nextTier(tier: TierLayout): TierLayout | undefined {
  return TIERS[TIERS.indexOf(tier) + 1];
}

/** Services that carry the workload the spec's limits measure (queries, ingestion, data). */
const WORKER_SERVICES = new Set(['spark-worker', 'flink-taskmanager', 'trino-worker', 'clickhouse']);

/** vCPUs of the hosts that run workers, at the spec's VM sizes. */
function workerVcpu(tier: TierLayout): number {
  return tier.hosts
    .filter((host) => host.services.some((entry) => WORKER_SERVICES.has(tierServiceId(entry))))
    .reduce((sum, host) => sum + SPEC_HOST_SIZES.recommended[host.size].vcpu, 0);
}

/**
 * How much more a tier carries than the 5-VM tier. The spec states limits for 5 VMs only; for
 * the others we assume they grow with the worker vCPUs (10 VMs: 5 worker VMs against 2 = 2.5x).
 */
export function tierScale(tier: TierLayout): number {
  return workerVcpu(tier) / workerVcpu(TIER_5);
}

export function tierLimits(tier: TierLayout): TierLimits {
  const scale = tierScale(tier);
  return {
    users: Math.round(FIVE_VM_LIMITS.users * scale),
    activeDataTB: Math.round(FIVE_VM_LIMITS.activeDataTB * scale * 10) / 10,
    ingestGBPerDay: Math.round(FIVE_VM_LIMITS.ingestGBPerDay * scale),
    concurrentQueries: Math.round(FIVE_VM_LIMITS.concurrentQueries * scale),
  };
}
