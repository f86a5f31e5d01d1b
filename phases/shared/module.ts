import type { Topology } from '../../src/config/topology.js';
import type { GateContext, GateResult, PhaseContext, Step } from '../../src/engine/phase.js';
import type { PackageSpec } from '../../src/engine/resources/index.js';
import type { FailoverDecl } from '../../src/failover/kit.js';
import type { HealthProbe } from '../../src/health/types.js';
import type { HostSpec } from '../../src/inventory/model.js';
import type { HaproxyListener } from '../02-coordination/haproxy/config.js';

/** A functional check a module adds to its phase's gate (a write read back, a VIP that answers). */
export interface ModuleCheck {
  name: string;
  check(ctx: GateContext): Promise<GateResult>;
}

/**
 * Everything that installs and operates one service, in one place. Shared machinery (status,
 * the phase gates, failover-test, the PKI, the secrets store, HAProxy's configuration) reads
 * what modules declare here and never names a service; phases/registry.ts lists the modules.
 */
export interface ServiceModule {
  /** The module's name: its main catalog service id. */
  id: string;
  /** The catalog services it installs (PostgreSQL's module runs `postgresql` and `patroni`). */
  services: readonly string[];
  /** The health probe of each of them, by service id: what status shows and the gate waits for. */
  probes: Readonly<Record<string, HealthProbe>>;
  /** Steps before the phase's package install (package sources, install-time settings). */
  prepare?: readonly Step[];
  /** Distribution packages on a host that runs it; one apt run per phase installs every module's. */
  packages?(host: HostSpec, ctx: PhaseContext): PackageSpec[];
  /**
   * The releases its hosts install from the bundle (artifact manifest component and version):
   * what `bundle` fetches, `check` verifies and the install pushes.
   */
  releases?(topology: Topology): ReadonlyArray<{ component: string; version: string }>;
  /** Its install steps, in order (the phase runs its modules' steps in module order). */
  steps: readonly Step[];
  /** How long its members may take to pass their probes after its steps (default 30 s). */
  settleMs?: number;
  /** What the gate checks beyond the probes passing on every member. */
  checks?: readonly ModuleCheck[];
  /** Names in the secrets store it creates and reads, by the keys its code uses. */
  secrets?: Readonly<Record<string, string>>;
  /** Extra names for the host certificate of a host running it (a VIP clients dial it through). */
  hostCertificateSans?(topology: Topology, host: string): string[];
  /** Whether it presents the host certificate (so the host needs one). */
  usesHostCertificate?: boolean;
  /** The `listen` sections it adds to HAProxy on each HAProxy host. */
  frontends?(topology: Topology, haproxyHost: string): HaproxyListener[];
  /** Its rows of the HA table and the clients that measure them. */
  failover?: FailoverDecl;
}

/** Whether a host runs any of the module's services. */
export function runsModule(module: ServiceModule, topology: Topology, host: string): boolean {
  return module.services.some((service) => topology.runs(service, host));
}
