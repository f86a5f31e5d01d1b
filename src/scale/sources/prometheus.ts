import { DatalypticaError } from '../../core/errors.js';
import { placeServices } from '../../catalog/index.js';
import type { Inventory } from '../../inventory/model.js';
import { formatDuration } from '../duration.js';
import type { HostMetrics, HostSample, MetricsSet } from '../types.js';

/** HTTP GET behind a port, so units test without a network. */
export type HttpGet = (url: string, timeoutMs: number) => Promise<{ status: number; body: string }>;

export const fetchGet: HttpGet = async (url, timeoutMs) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.text() };
};

/** http://<application address of the Prometheus host>:<its port>, when the inventory places one. */
export function defaultPrometheusUrl(inventory: Inventory): string | undefined {
  const placed = placeServices(inventory).find((instance) => instance.service.id === 'prometheus');
  const host = inventory.hosts.find((candidate) => candidate.name === placed?.host);
  const port = placed?.ports.find((entry) => entry.name === 'http')?.port;
  return host && port ? `http://${host.addresses.application}:${port}` : undefined;
}

/** Whether Prometheus answers its readiness endpoint within 3 s. */
export async function prometheusReachable(url: string, get: HttpGet = fetchGet): Promise<boolean> {
  try {
    return (await get(`${url.replace(/\/$/, '')}/-/ready`, 3000)).status === 200;
  } catch {
    return false;
  }
}

type Field = 'cpuPercent' | 'memoryPercent' | 'psiMemoryPercent' | 'swapUsedMiB' | 'swapOutMiBPerSecond' | 'oomKills' | 'disk';

/**
 * node_exporter series as the plan's sample fields. Rates use 5m windows; OOM kills are the
 * increase over one step, so their sum over the samples is the kills in the window. Swap-out
 * assumes 4 KiB pages (x86-64 and the usual arm64 kernels).
 */
function queries(stepSeconds: number): Array<{ field: Field; query: string }> {
  const fs = 'mountpoint=~"/|/data.*",fstype!~"tmpfs|overlay|squashfs"';
  return [
    { field: 'cpuPercent', query: '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))' },
    { field: 'memoryPercent', query: '100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)' },
    { field: 'psiMemoryPercent', query: '100 * rate(node_pressure_memory_waiting_seconds_total[5m])' },
    { field: 'swapUsedMiB', query: '(node_memory_SwapTotal_bytes - node_memory_SwapFree_bytes) / 1048576' },
    { field: 'swapOutMiBPerSecond', query: 'rate(node_vmstat_pswpout[5m]) * 4096 / 1048576' },
    { field: 'oomKills', query: `increase(node_vmstat_oom_kill[${stepSeconds}s])` },
    { field: 'disk', query: `100 * (1 - node_filesystem_avail_bytes{${fs}} / node_filesystem_size_bytes{${fs}})` },
  ];
}

interface Series {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** The inventory host an `instance` label stands for: by address, or by host name (vm1 or vm1.domain). */
function hostOf(inventory: Inventory, instance: string | undefined): string | undefined {
  if (!instance) return undefined;
  const target = instance.replace(/:\d+$/, '');
  return inventory.hosts.find((host) => Object.values(host.addresses).includes(target) || target === host.name || target.startsWith(`${host.name}.`))?.name;
}

export interface PrometheusOptions {
  url: string;
  windowMs: number;
  now: number;
  get?: HttpGet;
}

/** Range queries over the window (about 500 points each, at least a minute apart). */
export async function queryPrometheus(inventory: Inventory, options: PrometheusOptions): Promise<MetricsSet> {
  const get = options.get ?? fetchGet;
  const base = options.url.replace(/\/$/, '');
  const stepSeconds = Math.max(60, Math.round(options.windowMs / 1000 / 500));
  const start = Math.round((options.now - options.windowMs) / 1000);
  const end = Math.round(options.now / 1000);
  const samples = new Map<string, Map<number, HostSample>>();
  const notes: string[] = [];
  for (const { field, query } of queries(stepSeconds)) {
    const url = `${base}/api/v1/query_range?${new URLSearchParams({ query, start: String(start), end: String(end), step: String(stepSeconds) })}`;
    const series = await rangeQuery(get, url, base);
    if (series.length === 0) notes.push(`Prometheus has no data for ${field} (${query.split('(')[0]}...)`);
    for (const entry of series) {
      const host = hostOf(inventory, entry.metric.instance);
      if (!host) continue;
      const byTime = samples.get(host) ?? new Map<number, HostSample>();
      samples.set(host, byTime);
      for (const [time, text] of entry.values) {
        const value = Number(text);
        if (!Number.isFinite(value)) continue;
        const sample = byTime.get(time) ?? { at: time * 1000 };
        byTime.set(time, sample);
        if (field === 'disk') sample.diskPercent = { ...sample.diskPercent, [entry.metric.mountpoint ?? '/']: Math.round(value * 10) / 10 };
        else sample[field] = Math.round(value * 100) / 100;
      }
    }
  }
  const hosts: HostMetrics[] = [...samples.entries()].map(([host, byTime]) => ({ host, samples: [...byTime.values()].sort((a, b) => a.at - b.at) }));
  return { source: 'prometheus', description: `${base} over ${formatDuration(options.windowMs)}`, hosts, notes };
}

async function rangeQuery(get: HttpGet, url: string, base: string): Promise<Series[]> {
  let response: { status: number; body: string };
  try {
    response = await get(url, 30_000);
  } catch (error) {
    throw new DatalypticaError('E_PROMETHEUS', `Prometheus at ${base} did not answer: ${(error as Error).message}`, { hint: 'check --prometheus, or use --metrics FILE or the live SSH sample (no --prometheus)' });
  }
  let parsed: { status?: string; error?: string; data?: { result?: Series[] } };
  try {
    parsed = JSON.parse(response.body) as typeof parsed;
  } catch {
    parsed = {};
  }
  if (response.status !== 200 || parsed.status !== 'success') {
    throw new DatalypticaError('E_PROMETHEUS', `Prometheus at ${base} refused a range query (HTTP ${response.status}${parsed.error ? `: ${parsed.error}` : ''})`, { hint: 'check that it is Prometheus 2.x/3.x and that node_exporter is scraped' });
  }
  return parsed.data?.result ?? [];
}
