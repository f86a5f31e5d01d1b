/** `datalyptica status`: every host's services, every HA group and VIP, judged healthy, degraded or down. */
export * from './types.js';
export { collectStatus, clusterVerdict, DEFAULT_DEADLINE_MS, EXIT_CODES, type StatusOptions } from './collect.js';
export type { StatusPool } from './host-probe.js';
export { formatBytes } from './format.js';
export { memberLabel } from './groups.js';
