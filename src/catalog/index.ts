/** The service catalog: what runs where, on which ports, with how much memory. */
export * from './types.js';
export type * from './vocabulary.js';
export * from './spec.js';
export { SERVICES, findService, serviceIds, componentIds } from './services.js';
export { DISTRO_VERSION } from './services/units.js';
export { HA_GROUPS } from './ha-groups.js';
export * from './sizing.js';
export { isDisabled, placeServices } from './placement.js';
export * from './ports.js';
export * from './ha.js';
export * from './budget.js';
