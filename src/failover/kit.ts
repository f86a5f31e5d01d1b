import type { ClaimProbe } from './claims.js';
import type { OpClient } from './rate-driver.js';
import type { FailoverService } from './types.js';

/**
 * What the runner needs to test one service, built from the inventory (cluster-kits.ts) or
 * from fakes in unit tests: who can hold its exclusive role, how to ask them, and its clients.
 */
export interface ServiceKit {
  service: FailoverService;
  /** The role the fault targets: "postgresql-primary", "etcd-leader", or the HAProxy VIP. */
  claim: string;
  /** In words, for the report: "the Patroni leader". */
  holderName: string;
  /** The hosts that may hold the role. */
  hosts: string[];
  probe: ClaimProbe;
  /** Why a failover could not work right now (checked before a fault is injected), or undefined. */
  ready?(): Promise<string | undefined>;
  /** Fresh clients for one scenario; `run` tags their data so runs never mix. */
  clients(run: string): OpClient[];
}

/** Exclusive roles watched in every scenario, whatever the fault (the VIPs on the control hosts). */
export interface ClaimWatch {
  hosts: string[];
  claims: string[];
  probe: ClaimProbe;
}
