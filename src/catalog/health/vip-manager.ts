import type { HealthProbe } from './types.js';

/** vip-manager holds the PostgreSQL VIP on the Patroni leader's host: `status` checks exactly one host has it. */
export const VIP_MANAGER_HEALTH: HealthProbe = { vip: 'postgresql' };
