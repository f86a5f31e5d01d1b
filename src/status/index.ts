/** `datalyptica status`: every host's services, every HA group and VIP, judged healthy, degraded, down or unknown. */
export * from './types.js';
export { collectStatus, clusterVerdict, DEFAULT_PROBE_TIMEOUT_SECONDS, EXIT_CODES, type StatusOptions } from './collect.js';
export { DEFAULT_DEADLINE_MS, REACH_LOOKS_MS, statusSshOptions } from './connect.js';
export type { StatusPool } from './host-probe.js';
export { formatBytes } from './format.js';
export { memberLabel } from './groups.js';
export { withLastAnswers } from './watch.js';
