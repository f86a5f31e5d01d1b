import type { ReleaseResolver } from '../artifacts/resolve.js';
import type { Clock } from '../core/clock.js';
import type { Topology } from '../config/topology.js';
import type { HostSpec, Inventory } from '../inventory/model.js';
import type { ExecResult } from '../ssh/transport.js';
import type { ClusterState } from './cluster-state.js';
import type { RemoteFacts } from './host-facts.js';
import type { Resource } from './resource.js';

/** What a phase sees while it builds its resources. */
export interface PhaseContext {
  readonly inventory: Inventory;
  /** Who runs what: computed once per run from the inventory and the catalog. */
  readonly topology: Topology;
  host(name: string): HostSpec;
  /** Renders templates/<name> with Handlebars (strict: every variable must be given). */
  template(name: string, vars: object): string;
  /** Registers a secret so logs, diffs and output show *** instead; returns it unchanged. */
  secret(value: string): string;
  /** The cluster's secrets and CA on the control machine (created on first use). */
  readonly cluster: ClusterState;
  /** Facts read from the host over the run's connection, once per host and run. */
  facts(host: string): Promise<RemoteFacts>;
  /** A release from the inventory's bundle (artifacts.bundleDir): the manifest's record and the file to push. */
  readonly release: ReleaseResolver;
}

/** A list of resources applied to each of some hosts; all hosts finish a step before the next starts. */
export interface Step {
  name: string;
  /** Which of the phase's hosts this step applies to (default: all of them). */
  hosts?: (host: HostSpec, ctx: PhaseContext) => boolean;
  resources(host: HostSpec, ctx: PhaseContext): Resource[] | Promise<Resource[]>;
  /** How the hosts take this step's changes (default: all at once). */
  rollout?: Rollout;
}

/**
 * `rolling` protects a serving cluster (a quorum, a replica set): the members that have changes
 * take them a batch at a time, and each batch must pass `ready` before the next starts. A cluster
 * where no member passes `ready` yet is being created, so its members start together.
 */
export type Rollout = { mode: 'parallel' } | RollingRollout;

export interface RollingRollout {
  mode: 'rolling';
  /** Members changed at once (default 1). */
  batchSize?: number;
  /** The service's health probe for one member: does it serve again after its change? */
  ready(host: string, ctx: GateContext): Promise<GateResult>;
  /** How long a changed member gets to pass `ready` (default 60 s). */
  waitMs?: number;
  /** Time between two probes of a member while waiting (default 1 s). */
  pollMs?: number;
}

export interface GateContext extends PhaseContext {
  /** The hosts the phase ran on. */
  readonly hosts: string[];
  /** Runs a command on a host over the run's connection (as root when `sudo`). */
  exec(host: string, command: string, options?: { sudo?: boolean; timeoutMs?: number; stdin?: string }): Promise<ExecResult>;
  readonly clock: Clock;
}

export interface GateResult {
  ok: boolean;
  /** One line per fact checked, shown when the gate fails (and with -v). */
  evidence: string[];
}

/** The health check that ends a phase: a failed gate stops the run with its evidence. */
export interface Gate {
  name: string;
  check(ctx: GateContext): Promise<GateResult>;
}

export interface Phase {
  id: number;
  title: string;
  /** Names of the hosts this phase applies to. */
  hosts(inventory: Inventory, topology: Topology): string[];
  steps: Step[];
  gate?: Gate;
}
