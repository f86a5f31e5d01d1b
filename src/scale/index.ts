/** `datalyptica scale-plan`: measured load -> triggers -> the next tier of the spec's scaling path. */
export * from './types.js';
export { assembleScalePlan, type AssembleOptions } from './plan.js';
export { writeNextInventory } from './write.js';
export { collectMetrics, parseMetricsText, readMetricsFile, type CollectOptions } from './sources/index.js';
export { DEFAULT_THRESHOLDS } from './thresholds.js';
export { parseDuration } from './duration.js';
export { TIERS, TIER_10, TIER_20, TIER_50, tierForHostCount, nextTier } from './tiers/index.js';
export { buildTierInventory } from './tiers/build.js';
