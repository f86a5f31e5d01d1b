import { SPEC_HOST_SIZES } from '../../catalog/index.js';
import type { HostSpec } from '../../inventory/model.js';
import type { HostFacts } from '../parse-facts.js';
import { DATA_FREE_FAIL_BYTES, DATA_FREE_WARN_FRACTION, DECLARED_TOLERANCE, GIB, MEMORY_SLACK_BYTES } from '../thresholds.js';
import type { CheckOutcome } from '../types.js';

/**
 * CPU, memory and disk against two references: the inventory's declared resources (placement
 * and heap sizes are computed from them, so a host that has less fails: the inventory lies)
 * and the spec's minimum for the role (below it the platform runs, constrained: a warning).
 */

function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GiB`;
}

interface Measure {
  actual: number;
  declared: number;
  minimum: number;
  /** How far below a reference the actual may be and still count as equal. */
  slack(reference: number): number;
  format(value: number): string;
  what: string;
  fix: string;
}

function judge(host: HostSpec, m: Measure): CheckOutcome {
  const summary = `${m.format(m.actual)} (declared ${m.format(m.declared)}, spec minimum ${m.format(m.minimum)} for ${host.role})`;
  if (m.actual < m.declared - m.slack(m.declared)) {
    return { status: 'fail', detail: `${m.format(m.actual)} ${m.what}, the inventory declares ${m.format(m.declared)}`, fix: m.fix };
  }
  if (m.actual < m.minimum - m.slack(m.minimum)) {
    return { status: 'warn', detail: `${summary}: below the spec's minimum`, fix: `the platform runs constrained below ${m.format(m.minimum)}; size the host up for production` };
  }
  return { status: 'pass', detail: summary };
}

const fraction = (reference: number) => reference * DECLARED_TOLERANCE;

export function checkCpu(host: HostSpec, facts: HostFacts): CheckOutcome {
  if (facts.cpus === undefined) return { status: 'fail', detail: 'nproc reported nothing', fix: 'install coreutils on the host' };
  return judge(host, {
    actual: facts.cpus,
    declared: host.resources.vcpu,
    minimum: SPEC_HOST_SIZES.minimum[host.role].vcpu,
    slack: fraction,
    format: (value) => `${value} vCPU`,
    what: 'usable',
    fix: `give ${host.name} ${host.resources.vcpu} vCPUs, or set resources.vcpu: ${facts.cpus} for host ${host.name}`,
  });
}

export function checkMemory(host: HostSpec, facts: HostFacts): CheckOutcome {
  if (facts.memoryBytes === undefined) return { status: 'fail', detail: 'cannot read MemTotal from /proc/meminfo', fix: 'check that /proc is mounted on the host' };
  return judge(host, {
    actual: facts.memoryBytes,
    declared: host.resources.memoryGiB * GIB,
    minimum: SPEC_HOST_SIZES.minimum[host.role].memoryGiB * GIB,
    slack: (reference) => Math.max(fraction(reference), MEMORY_SLACK_BYTES),
    format: gib,
    what: 'of memory',
    fix: `give ${host.name} ${host.resources.memoryGiB} GiB of memory, or set resources.memoryGiB: ${Math.floor(facts.memoryBytes / GIB)} for host ${host.name}`,
  });
}

function dataWhere(facts: HostFacts): string {
  const data = facts.data!;
  return data.path === '/data' ? `/data (on ${data.mount})` : `/ (no /data yet)`;
}

export function checkDisk(host: HostSpec, facts: HostFacts): CheckOutcome {
  if (!facts.data) return { status: 'fail', detail: 'df reported nothing for /data or /', fix: 'check that df (coreutils) works on the host' };
  const outcome = judge(host, {
    actual: facts.data.sizeBytes,
    declared: host.resources.diskGiB * GIB,
    minimum: SPEC_HOST_SIZES.minimum[host.role].diskGiB * GIB,
    slack: fraction,
    format: gib,
    what: `in the filesystem of ${dataWhere(facts)}`,
    fix: `mount a ${host.resources.diskGiB} GiB filesystem on /data, or set resources.diskGiB: ${Math.floor(facts.data.sizeBytes / GIB)} for host ${host.name}`,
  });
  return outcome.status === 'fail' ? outcome : { ...outcome, detail: `${dataWhere(facts)}: ${outcome.detail}` };
}

export function checkDataFree(facts: HostFacts): CheckOutcome {
  if (!facts.data) return { status: 'fail', detail: 'df reported nothing for /data or /', fix: 'check that df (coreutils) works on the host' };
  const { availBytes, sizeBytes } = facts.data;
  const detail = `${gib(availBytes)} free of ${gib(sizeBytes)} at ${dataWhere(facts)}`;
  if (availBytes < DATA_FREE_FAIL_BYTES) {
    return { status: 'fail', detail, fix: `free at least ${gib(DATA_FREE_FAIL_BYTES)} where /data lives (packages and release archives need it)` };
  }
  if (availBytes < sizeBytes * DATA_FREE_WARN_FRACTION) {
    return { status: 'warn', detail: `${detail}: less than ${DATA_FREE_WARN_FRACTION * 100}% free`, fix: 'free space or grow the filesystem before Kafka and ClickHouse fill it' };
  }
  return { status: 'pass', detail };
}
