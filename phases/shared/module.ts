import type { HealthProbe } from '../../src/health/types.js';

/**
 * Everything that installs and operates one service, in one place. Shared machinery (status,
 * the phase gates, failover-test, the PKI, the secrets store, HAProxy's configuration) reads
 * what modules declare here and never names a service; phases/registry.ts lists the modules.
 */
export interface ServiceModule {
  /** The module's name: its main catalog service id. */
  id: string;
  /** The health probe of each catalog service the module runs, by service id. */
  probes: Record<string, HealthProbe>;
}
