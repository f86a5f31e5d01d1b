import type { HostRole, Inventory } from '../inventory/model.js';

/**
 * Measured load, whatever its source (a metrics file, Prometheus range queries, a live SSH
 * sample): per host, samples in time order. A field a source could not measure is absent,
 * never zero, so "no OOM kills" and "OOM kills unknown" stay different.
 */
export interface HostSample {
  /** Epoch milliseconds. */
  at: number;
  /** Busy share of all CPUs, 0-100. */
  cpuPercent?: number;
  /** 1 - MemAvailable/MemTotal, 0-100. */
  memoryPercent?: number;
  /** PSI memory "some" (share of time at least one task stalled on memory), 0-100. */
  psiMemoryPercent?: number;
  swapUsedMiB?: number;
  /** Swap-out rate (pswpout) over the sample's interval. */
  swapOutMiBPerSecond?: number;
  /** OOM kills during the interval that ends at this sample. */
  oomKills?: number;
  /** Used share per mount point (/data..., or / when there is no /data mount), 0-100. */
  diskPercent?: Record<string, number>;
}

export interface HostMetrics {
  host: string;
  samples: HostSample[];
}

export type MetricsSourceKind = 'file' | 'prometheus' | 'ssh';

export interface MetricsSet {
  source: MetricsSourceKind;
  /** Where the figures came from, for the report: "examples/metrics-loaded.yaml", "http://...:9090 over 7d". */
  description: string;
  hosts: HostMetrics[];
  /** Workload figures the source carried (a metrics file may); flags override them. */
  workload?: Workload;
  /** Things the source could not measure on some host (OOM journal in a container, no PSI). */
  notes: string[];
}

/** The figures the spec's "Scalability Limits" speak of. */
export interface Workload {
  users?: number;
  activeDataTB?: number;
  ingestGBPerDay?: number;
  concurrentQueries?: number;
}
export type WorkloadKey = keyof Workload;

export interface Thresholds {
  /** Sustained CPU on a data-plane host, percent (spec: 80). */
  cpuPercent: number;
  /** Disk use of a host's data mounts, percent (spec: 70). */
  diskPercent: number;
  /** PSI memory "some", percent of time, sustained. */
  psiMemoryPercent: number;
  /** Mean swap-out rate that counts as swapping. */
  swapOutMiBPerSecond: number;
  /** OOM kills in the window that count as "frequent OOM errors". */
  oomKills: number;
  /** Share of samples above a threshold that makes it "sustained" (0.5: at least half the window). */
  sustainedShare: number;
}

/** One host's measured load, reduced to what the triggers and the table need. */
export interface HostLoad {
  host: string;
  role: HostRole;
  samples: number;
  /** Time covered by the samples, milliseconds (0 for one sample). */
  spanMs: number;
  cpu?: Stat;
  memory?: Stat;
  psi?: Stat;
  swapUsedMiB?: number;
  swapOutMiBPerSecond?: number;
  oomKills?: number;
  /** The fullest mount at the last sample. */
  disk?: { mount: string; percent: number; trendPerDay?: number };
  /** Services' memory and CPU against the host (the catalog's budget). */
  budget: { memoryPercent: number; cpuPercent: number };
}

export interface Stat {
  median: number;
  p95: number;
  max: number;
  last: number;
  /** Share of samples at or above the matching threshold (cpu, psi). */
  shareAbove: number;
  /** Least-squares slope, percent per day, when the samples span enough time. */
  trendPerDay?: number;
}

export type TriggerId = 'cpu' | 'memory-pressure' | 'storage' | 'users' | 'active-data' | 'ingestion' | 'concurrent-queries';

export interface Trigger {
  id: TriggerId;
  /** The host it fired on; absent for the cluster-wide workload limits. */
  host?: string;
  title: string;
  /** The measured facts, one line each: what was seen against what threshold. */
  evidence: string[];
}

export interface TierLimits {
  users: number;
  activeDataTB: number;
  ingestGBPerDay: number;
  concurrentQueries: number;
}

export interface WorkloadHeadroom {
  key: WorkloadKey;
  value: number;
  /** The tier's range [low, high]: "about 10-20 users". */
  range: [number, number];
  /** high - value; negative when over. */
  headroom: number;
}

export interface FitEstimate {
  /** Days until the first threshold is crossed at the observed trend; absent when no metric grows. */
  days?: number;
  /** What crosses first: "vm4 disk /data (61 % now, +0.4 %/day, 70 % threshold)". */
  first?: string;
  /** Why no estimate was possible (a single live sample, no growth in the window). */
  reason?: string;
}

export interface ServiceMove {
  service: string;
  from: string[];
  to: string[];
  phase: number;
  how: string;
  /** Expected downtime of the service, upper estimate in minutes (0: none). */
  downtimeMinutes: number;
  downtime: string;
}

export interface MigrationStep {
  title: string;
  /** Commands or actions, one per line. */
  actions: string[];
}

export interface CostLine {
  item: string;
  current: number;
  next: number;
}

export interface CostDelta {
  capex: CostLine[];
  opexPerYear: CostLine[];
  capexDelta: number;
  opexDeltaPerYear: number;
  assumptions: string[];
}

export interface NewHost {
  name: string;
  role: HostRole;
  purpose: string;
  resources: { vcpu: number; memoryGiB: number; diskGiB: number };
  addresses: Record<'management' | 'application' | 'storage', string>;
  services: string[];
}

export interface Recommendation {
  /** The next tier's VM count (10, 20, 50). */
  tier: number;
  summary: string[];
  layout: Array<{ host: string; purpose: string; services: string[]; isNew: boolean }>;
  newHosts: NewHost[];
  moves: ServiceMove[];
  migration: MigrationStep[];
  cost: CostDelta;
}

export interface ScalePlan {
  cluster: string;
  /** The current tier: the smallest of the spec's path (5, 10, 20, 50) that holds the host count. */
  currentTier: { vms: number; hosts: number; limits?: TierLimits; limitsAssumed: boolean };
  source: { kind: MetricsSourceKind; description: string; notes: string[] };
  thresholds: Thresholds;
  workload: Workload;
  hosts: HostLoad[];
  workloadHeadroom: WorkloadHeadroom[];
  triggers: Trigger[];
  /** True when a trigger fired: the answer to "do we need to grow?". */
  grow: boolean;
  /** When nothing fired: how long the cluster fits at the observed growth. */
  fits?: FitEstimate;
  /** The next tier of the spec's path; present unless the cluster is at 50 VMs already. */
  next?: Recommendation;
  /** The inventory of the next tier (what --write writes). */
  nextInventory?: Inventory;
}
