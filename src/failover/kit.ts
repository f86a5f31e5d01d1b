import type { Clock } from '../core/clock.js';
import type { Topology } from '../config/topology.js';
import type { Inventory } from '../inventory/model.js';
import type { ClaimProbe } from './claims.js';
import type { OpClient } from './rate-driver.js';
import type { ScenarioDef } from './scenarios.js';
import type { HostShell } from './shell.js';
import type { FailoverService } from './types.js';

/**
 * What the runner needs to test one service, built by its module's failover declaration (or
 * from fakes in unit tests): who can hold its exclusive role, how to ask them, and its clients.
 */
export interface ServiceKit {
  service: FailoverService;
  /** The role the fault targets: "postgresql-primary", "etcd-leader", or a VIP address. */
  claim: string;
  /** In words, for the report: "the Patroni leader". */
  holderName: string;
  /** In words, for the report when the role moved: "new primary" (default: "<claim> moved"). */
  changeName?: string;
  /**
   * Further exclusive roles the probe reports, by claim, that a row may aim its fault at instead
   * (ScenarioDef.claim): a broker leading a partition besides the active controller. Every one
   * of them, like `claim`, must never have two holders at once.
   */
  roles?: Record<string, { holderName: string; changeName?: string }>;
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

/** Probes give up quickly: a sample that takes longer than this is no longer "now". */
export const PROBE_TIMEOUT_MS = 800;
export const CONNECT_TIMEOUT_MS = 2_000;

/** What a module's kit builder may use: the cluster as installed, and its credentials. */
export interface KitContext {
  inventory: Inventory;
  topology: Topology;
  shell: HostShell;
  clock: Clock;
  /** The cluster CA certificate (PEM): every client verifies the servers with it. */
  ca: string;
  /** A secret the install generated; fails with a hint when the cluster was not installed from here. */
  secret(name: string): Promise<string>;
  /** The failover-test client certificate (its own CN, so servers' logs name it). */
  clientCertificate(): Promise<{ cert: string; key: string }>;
}

/** A module's part of failover-test: its rows of the HA table and how to build its kit. */
export interface FailoverDecl {
  service: FailoverService;
  scenarios: ReadonlyArray<Omit<ScenarioDef, 'service'>>;
  kit(ctx: KitContext): Promise<ServiceKit>;
}

/** The table rows of every declaration, in declaration order. */
export function scenarioTable(decls: readonly FailoverDecl[]): ScenarioDef[] {
  return decls.flatMap((decl) => decl.scenarios.map((row) => ({ service: decl.service, ...row })));
}
