/** Pre-flight checks over SSH: `runPreflight` gathers facts from every host and judges them. */
export { runPreflight, configuredEndpoints, type PreflightOptions } from './run-preflight.js';
export type { CheckDef, CheckId, CheckOutcome, CheckResult, CheckStatus, ClockSummary, PreflightReport } from './types.js';
