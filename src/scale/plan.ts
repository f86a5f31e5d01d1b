import { DatalypticaError } from '../core/errors.js';
import type { Inventory } from '../inventory/model.js';
import { costDelta } from './cost.js';
import { fitEstimate } from './fit.js';
import { summariseHost } from './load.js';
import { migrationSteps, serviceMoves } from './migration.js';
import { buildTierInventory } from './tiers/build.js';
import { nextTier, tierForHostCount, tierLimits, tierScale, type TierLayout } from './tiers/index.js';
import { evaluateTriggers, workloadHeadroom } from './triggers.js';
import type { MetricsSet, Recommendation, ScalePlan, Thresholds, Workload } from './types.js';

export interface AssembleOptions {
  /** The file the next inventory is (or would be) written to: the migration's commands name it. */
  nextInventoryFile?: string;
}

/** Metrics for a host the inventory does not have mean the wrong file or the wrong inventory. */
function checkHosts(inventory: Inventory, metrics: MetricsSet): void {
  const known = new Set(inventory.hosts.map((host) => host.name));
  const stranger = metrics.hosts.find((host) => !known.has(host.host));
  if (stranger) {
    throw new DatalypticaError('E_METRICS_HOST', `${metrics.description}: metrics for host ${stranger.host}, which is not in the inventory`, {
      hint: `the inventory has ${[...known].join(', ')}; check -i and the metrics' host names`,
    });
  }
}

function recommend(inventory: Inventory, next: TierLayout, file: string): { recommendation: Recommendation; nextInventory: Inventory } {
  const built = buildTierInventory(inventory, next);
  const moves = serviceMoves(inventory, built.inventory);
  const layout = built.inventory.hosts.map((host) => ({
    host: host.name,
    purpose: built.purposes.get(host.name) ?? '',
    services: (host.services ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.service)),
    isNew: built.newHosts.some((added) => added.name === host.name),
  }));
  return {
    nextInventory: built.inventory,
    recommendation: {
      tier: next.vms,
      summary: next.summary,
      layout,
      newHosts: built.newHosts,
      moves,
      migration: migrationSteps(moves, built.newHosts, file),
      cost: costDelta(
        inventory.hosts.map((host) => host.role),
        built.inventory.hosts.map((host) => host.role),
      ),
    },
  };
}

/**
 * "Do we need to grow, why, and into what?" from measured load and workload figures: pure, so
 * every trigger is testable with a fixture; writing the next inventory is a separate step.
 */
export function assembleScalePlan(inventory: Inventory, metrics: MetricsSet, workloadFlags: Workload, thresholds: Thresholds, options: AssembleOptions = {}): ScalePlan {
  checkHosts(inventory, metrics);
  const tier = tierForHostCount(inventory.hosts.length);
  const loads = inventory.hosts.map((host) => summariseHost(inventory, metrics.hosts.find((entry) => entry.host === host.name), host.name, thresholds));
  const workload: Workload = { ...metrics.workload, ...workloadFlags };
  const limits = tier ? tierLimits(tier) : undefined;
  const limitsAssumed = tier?.vms !== 5;
  const headroom = tier && limits ? workloadHeadroom(workload, limits, tierScale(tier)) : [];
  const triggers = evaluateTriggers(loads, thresholds, headroom, tier?.vms ?? inventory.hosts.length, limitsAssumed);
  const missing = loads.filter((load) => load.samples === 0).map((load) => load.host);
  const notes = [...metrics.notes, ...(missing.length > 0 ? [`no metrics for ${missing.join(', ')}`] : [])];
  const next = tier ? nextTier(tier) : undefined;
  const grown = next ? recommend(inventory, next, options.nextInventoryFile ?? 'next-inventory.yaml') : undefined;
  return {
    cluster: inventory.cluster.name,
    currentTier: { vms: tier?.vms ?? inventory.hosts.length, hosts: inventory.hosts.length, ...(limits ? { limits } : {}), limitsAssumed },
    source: { kind: metrics.source, description: metrics.description, notes },
    thresholds,
    workload,
    hosts: loads,
    workloadHeadroom: headroom,
    triggers,
    grow: triggers.length > 0,
    ...(triggers.length === 0 ? { fits: fitEstimate(loads, thresholds) } : {}),
    ...(grown ? { next: grown.recommendation, nextInventory: grown.nextInventory } : {}),
  };
}
