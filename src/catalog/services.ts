import { ANALYTICS_SERVICES } from './services/analytics.js';
import { FOUNDATION_SERVICES } from './services/foundation.js';
import { IAM_MONITORING_SERVICES } from './services/iam-monitoring.js';
import { PROCESSING_SERVICES } from './services/processing.js';
import { STREAMING_SERVICES } from './services/streaming.js';
import type { ServiceDef } from './types.js';

/** Every service the tool installs, in installation-phase order. */
export const SERVICES: readonly ServiceDef[] = [
  ...FOUNDATION_SERVICES,
  ...STREAMING_SERVICES,
  ...PROCESSING_SERVICES,
  ...ANALYTICS_SERVICES,
  ...IAM_MONITORING_SERVICES,
].sort((a, b) => a.phase - b.phase);

const BY_ID = new Map(SERVICES.map((service) => [service.id, service]));

/** The service with this id, or undefined: callers decide whether an unknown id is an error. */
export function findService(id: string): ServiceDef | undefined {
  return BY_ID.get(id);
}

export function serviceIds(): string[] {
  return SERVICES.map((service) => service.id);
}

/** Components (the keys of an inventory's `versions:`), each once. */
export function componentIds(): string[] {
  return [...new Set(SERVICES.map((service) => service.component))];
}
