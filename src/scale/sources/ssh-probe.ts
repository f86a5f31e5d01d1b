import { round } from '../stats.js';
import type { HostSample } from '../types.js';

/**
 * The one script a live sample runs per host, and the parser of its output. Everything is
 * read from /proc and /sys (no agent to install): CPU twice over the interval, memory, PSI,
 * swap-out, OOM kills from the kernel journal, disk use of the /data mounts (or / without any).
 * Inside a container (the lab) /proc shows the whole machine, so CPU, memory, PSI and OOM kills
 * come from the container's own cgroup v2 instead where it has one (CPU also from the unified
 * hierarchy of hybrid machines; their v1 controllers may show the machine's root, so they are
 * not read); memory without a cgroup limit counts against the machine's RAM.
 */
export function probeScript(intervalSeconds: number, windowSeconds: number): string {
  return `export LC_ALL=C
cg=/sys/fs/cgroup
if systemd-detect-virt -cq 2>/dev/null || [ -f /run/systemd/container ]; then echo "virt container"; else echo "virt none"; fi
snap() {
  awk '/^cpu /{t=0; for(i=2;i<=NF;i++) t+=$i; print "cpu", t, $5+$6; exit}' /proc/stat
  if [ -r $cg/cpu.stat ]; then awk '/^usage_usec /{print "cgcpu", $2}' $cg/cpu.stat
  elif [ -r $cg/unified/cpu.stat ]; then awk '/^usage_usec /{print "cgcpu", $2}' $cg/unified/cpu.stat; fi
  awk '/^pswpout /{print "pswpout", $2}' /proc/vmstat
}
snap
sleep ${intervalSeconds}
snap
echo "nproc $(nproc 2>/dev/null || echo 1)"
if [ -r $cg/cpu.max ]; then echo "cgcpumax $(cat $cg/cpu.max)"
elif [ -r $cg/cpu/cpu.cfs_quota_us ]; then q=$(cat $cg/cpu/cpu.cfs_quota_us); [ "$q" = -1 ] && q=max; echo "cgcpumax $q $(cat $cg/cpu/cpu.cfs_period_us)"; fi
echo "pagesize $(getconf PAGESIZE 2>/dev/null || echo 4096)"
awk '/^(MemTotal|MemAvailable|SwapTotal|SwapFree):/{print "mem", $1, $2}' /proc/meminfo
if [ -r $cg/memory.current ]; then echo "cgmem $(cat $cg/memory.current) $(cat $cg/memory.max 2>/dev/null || echo max) $(awk '/^inactive_file /{print $2}' $cg/memory.stat 2>/dev/null)"
fi
[ -r /proc/pressure/memory ] && awk '/^some /{print "psi", $2}' /proc/pressure/memory
[ -r $cg/memory.pressure ] && awk '/^some /{print "cgpsi", $2}' $cg/memory.pressure
[ -r $cg/memory.events ] && awk '/^oom_kill /{print "cgoom", $2}' $cg/memory.events
if out=$(journalctl -k -q --no-pager --since "-${windowSeconds}s" 2>/dev/null); then echo "oomjournal $(printf '%s\\n' "$out" | grep -ci 'killed process')"; else echo "oomjournal unavailable"; fi
mounts=$(awk '$2 ~ "^/data" {print $2}' /proc/mounts | sort -u)
df -P -k / $mounts 2>/dev/null | awk 'NR>1 {print "disk", $6, $3, $4}'
exit 0
`;
}

export interface ProbeResult {
  sample: HostSample;
  notes: string[];
}

function numbers(line: string | undefined): number[] {
  return (line ?? '').split(/\s+/).slice(1).map(Number);
}

/** The probe's output as one sample taken at `at`; what it could not measure goes to notes. */
export function parseProbe(host: string, output: string, at: number, intervalSeconds: number): ProbeResult {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  const all = (key: string) => lines.filter((line) => line.split(/\s+/)[0] === key);
  const one = (key: string) => all(key)[0];
  const notes: string[] = [];
  const container = one('virt') === 'virt container';
  const sample: HostSample = { at };

  const cgcpu = all('cgcpu').map((line) => numbers(line)[0] ?? NaN);
  if (container && cgcpu.length === 2 && cgcpu.every(Number.isFinite)) {
    // cgroup CPU time against the CPUs the container may use (its quota, else the machine's).
    const [quota, period] = (one('cgcpumax') ?? '').split(/\s+/).slice(1);
    const cpus = quota && quota !== 'max' ? Number(quota) / Number(period) : (numbers(one('nproc'))[0] ?? 1);
    sample.cpuPercent = clamp(((cgcpu[1]! - cgcpu[0]!) / 1e6 / intervalSeconds / cpus) * 100);
  } else {
    const [first, second] = all('cpu').map(numbers);
    if (first && second && second[0]! > first[0]!) sample.cpuPercent = clamp((1 - (second[1]! - first[1]!) / (second[0]! - first[0]!)) * 100);
  }

  const meminfo = new Map(all('mem').map((line) => {
    const [, key, value] = line.split(/\s+/);
    return [String(key).replace(':', ''), Number(value) * 1024] as const;
  }));
  const [current, max, inactive] = (one('cgmem') ?? '').split(/\s+/).slice(1).map(Number);
  const total = meminfo.get('MemTotal');
  if (container && current !== undefined && Number.isFinite(current) && total) {
    // No limit is "max" (v2) or a huge number (v1): the container may use the machine's RAM.
    const limit = max !== undefined && Number.isFinite(max) && max < total ? max : total;
    sample.memoryPercent = clamp(((current - (Number.isFinite(inactive) ? (inactive ?? 0) : 0)) / limit) * 100);
  } else if (total && meminfo.has('MemAvailable')) {
    if (container) notes.push(`${host}: memory is the machine's (no cgroup v2 memory controller in the container)`);
    sample.memoryPercent = clamp((1 - meminfo.get('MemAvailable')! / total) * 100);
  }
  if (meminfo.has('SwapTotal') && meminfo.has('SwapFree')) sample.swapUsedMiB = Math.round((meminfo.get('SwapTotal')! - meminfo.get('SwapFree')!) / 1048576);

  const psi = one(container ? 'cgpsi' : 'psi') ?? one('psi');
  const avg = /avg10=([\d.]+)/.exec(psi ?? '');
  if (avg) sample.psiMemoryPercent = round(Number(avg[1]), 2);
  else notes.push(`${host}: no PSI (kernel without CONFIG_PSI or psi=0)`);

  const swaps = all('pswpout').map((line) => numbers(line)[0] ?? NaN);
  const pageSize = numbers(one('pagesize'))[0] ?? 4096;
  if (swaps.length === 2 && swaps.every(Number.isFinite)) sample.swapOutMiBPerSecond = round(((swaps[1]! - swaps[0]!) * pageSize) / 1048576 / intervalSeconds, 2);

  const journal = one('oomjournal');
  const cgoom = numbers(one('cgoom'))[0];
  if (container && cgoom !== undefined) {
    sample.oomKills = cgoom;
    notes.push(`${host}: OOM kills counted by the container's cgroup since it started`);
  } else if (!container && journal && journal !== 'oomjournal unavailable') {
    sample.oomKills = numbers(journal)[0] ?? 0;
  } else {
    notes.push(`${host}: OOM kills unknown (${container ? 'a container does not see the kernel log' : 'the kernel journal is not readable'})`);
  }

  const disks = all('disk').map((line) => line.split(/\s+/));
  const dataMounts = disks.filter(([, mount]) => mount?.startsWith('/data'));
  const chosen = dataMounts.length > 0 ? dataMounts : disks;
  if (chosen.length > 0) {
    sample.diskPercent = Object.fromEntries(chosen.map(([, mount, used, available]) => [mount ?? '/', clamp((Number(used) / (Number(used) + Number(available))) * 100)]));
  }
  return { sample, notes };
}

function clamp(value: number): number {
  return round(Math.min(100, Math.max(0, Number.isFinite(value) ? value : 0)));
}
