import { SPEC_LIMIT_RANGES, WORKLOAD_KEYS, WORKLOAD_LABELS } from './thresholds.js';
import type { HostLoad, TierLimits, Thresholds, Trigger, Workload, WorkloadHeadroom } from './types.js';

const pct = (value: number) => `${value} %`;
const share = (value: number) => `${Math.round(value * 100)} %`;

/**
 * "CPU bottleneck: sustained >80% CPU on VM4 or VM5": data-plane hosts only. Control-plane
 * CPU is shown in the table but the spec does not scale on it.
 */
function cpuTrigger(load: HostLoad, thresholds: Thresholds): Trigger | undefined {
  const cpu = load.cpu;
  if (load.role !== 'data' || !cpu || cpu.shareAbove < thresholds.sustainedShare) return undefined;
  return {
    id: 'cpu',
    host: load.host,
    title: `sustained CPU above ${pct(thresholds.cpuPercent)} on data-plane host ${load.host}`,
    evidence: [
      `CPU at or above ${pct(thresholds.cpuPercent)} in ${share(cpu.shareAbove)} of ${load.samples} sample${load.samples === 1 ? '' : 's'} (sustained: ${share(thresholds.sustainedShare)} or more)`,
      `median ${pct(cpu.median)}, p95 ${pct(cpu.p95)}, max ${pct(cpu.max)}`,
    ],
  };
}

/** "Memory pressure: frequent OOM errors or swapping", measured by PSI, OOM kills and swap-out. */
function memoryTrigger(load: HostLoad, thresholds: Thresholds): Trigger | undefined {
  const evidence: string[] = [];
  if (load.oomKills !== undefined && load.oomKills >= thresholds.oomKills) {
    evidence.push(`${load.oomKills} OOM kill${load.oomKills === 1 ? '' : 's'} in the window (threshold ${thresholds.oomKills})`);
  }
  if (load.psi && load.psi.shareAbove >= thresholds.sustainedShare) {
    evidence.push(`PSI memory some at or above ${pct(thresholds.psiMemoryPercent)} in ${share(load.psi.shareAbove)} of samples (median ${pct(load.psi.median)}, max ${pct(load.psi.max)})`);
  }
  if (load.swapOutMiBPerSecond !== undefined && load.swapOutMiBPerSecond >= thresholds.swapOutMiBPerSecond) {
    evidence.push(`swapping out ${load.swapOutMiBPerSecond} MiB/s on average (threshold ${thresholds.swapOutMiBPerSecond} MiB/s)${load.swapUsedMiB ? `, ${load.swapUsedMiB} MiB of swap in use` : ''}`);
  }
  if (evidence.length === 0) return undefined;
  if (load.memory) evidence.push(`memory in use: median ${pct(load.memory.median)}, max ${pct(load.memory.max)}`);
  return { id: 'memory-pressure', host: load.host, title: `memory pressure on ${load.host}`, evidence };
}

/** "Storage capacity: >70% disk usage", on the fullest data mount at the last sample. */
function storageTrigger(load: HostLoad, thresholds: Thresholds): Trigger | undefined {
  const disk = load.disk;
  if (!disk || disk.percent <= thresholds.diskPercent) return undefined;
  const trend = disk.trendPerDay === undefined ? [] : [`growing ${disk.trendPerDay} points a day`];
  return {
    id: 'storage',
    host: load.host,
    title: `storage above ${pct(thresholds.diskPercent)} on ${load.host}`,
    evidence: [`${disk.mount} is ${pct(disk.percent)} full (threshold ${pct(thresholds.diskPercent)})`, ...trend],
  };
}

const WORKLOAD_TRIGGER_IDS = {
  users: 'users',
  activeDataTB: 'active-data',
  ingestGBPerDay: 'ingestion',
  concurrentQueries: 'concurrent-queries',
} as const;

/** The given workload figures against the current tier's limits: over the top of the range fires. */
export function workloadHeadroom(workload: Workload, limits: TierLimits, scale: number): WorkloadHeadroom[] {
  return WORKLOAD_KEYS.flatMap((key) => {
    const value = workload[key];
    if (value === undefined) return [];
    const [low, high] = SPEC_LIMIT_RANGES[key];
    const range: [number, number] = [Math.round(low * scale), limits[key]];
    return [{ key, value, range, headroom: Math.round((high * scale - value) * 10) / 10 }];
  });
}

function workloadTriggers(headroom: readonly WorkloadHeadroom[], tierVms: number, assumed: boolean): Trigger[] {
  return headroom
    .filter((entry) => entry.headroom < 0)
    .map((entry) => {
      const label = WORKLOAD_LABELS[entry.key];
      const source = assumed ? `the ${tierVms}-VM tier's assumed limit` : "the spec's 5-VM limit";
      return {
        id: WORKLOAD_TRIGGER_IDS[entry.key],
        title: `${label.title} beyond the ${tierVms}-VM tier`,
        evidence: [`${entry.value} ${label.unit} against ${source} of about ${entry.range[0]}-${entry.range[1]} ${label.unit}`],
      };
    });
}

/** Every trigger that fired, host triggers in inventory order, then the workload limits. */
export function evaluateTriggers(loads: readonly HostLoad[], thresholds: Thresholds, headroom: readonly WorkloadHeadroom[], tierVms: number, limitsAssumed: boolean): Trigger[] {
  const perHost = loads.flatMap((load) =>
    [cpuTrigger(load, thresholds), memoryTrigger(load, thresholds), storageTrigger(load, thresholds)].filter((trigger): trigger is Trigger => trigger !== undefined),
  );
  return [...perHost, ...workloadTriggers(headroom, tierVms, limitsAssumed)];
}
