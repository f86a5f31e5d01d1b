import { readFile, stat } from 'node:fs/promises';
import { parse } from 'yaml';
import { DatalypticaError, usageError } from '../../core/errors.js';
import { suggestionHint } from '../../inventory/did-you-mean.js';
import type { HostSample, MetricsSet, Workload } from '../types.js';

/**
 * The metrics file (docs/metrics-format.md): per-host samples in YAML or JSON, for planning
 * offline or from another monitoring system. Every problem is one line naming the place.
 */
export const METRICS_API_VERSION = 'datalyptica/metrics-v1';
const MAX_METRICS_BYTES = 64 * 1024 * 1024;

const SAMPLE_FIELDS = ['at', 'cpu', 'memory', 'psiMemory', 'swapUsedMiB', 'swapOutMiBps', 'oomKills', 'disk'] as const;
const WORKLOAD_FIELDS: Array<keyof Workload> = ['users', 'activeDataTB', 'ingestGBPerDay', 'concurrentQueries'];
const TOP_FIELDS = ['apiVersion', 'description', 'workload', 'hosts'];

class Reader {
  constructor(private readonly file: string) {}

  fail(where: string, message: string, hint = 'see docs/metrics-format.md'): never {
    throw new DatalypticaError('E_METRICS_FORMAT', `${this.file}: ${where}: ${message}`, { hint });
  }

  record(value: unknown, where: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(where, 'expected a mapping');
    return value as Record<string, unknown>;
  }

  known(value: Record<string, unknown>, fields: readonly string[], where: string): void {
    for (const key of Object.keys(value)) {
      if (!fields.includes(key)) this.fail(`${where}.${key}`, 'unknown field', suggestionHint(key, [...fields], 'fields'));
    }
  }

  number(value: unknown, where: string, max = Infinity): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
      this.fail(where, `expected a number${max === 100 ? ' from 0 to 100 (a percentage)' : ' of 0 or more'}, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  time(value: unknown, where: string): number {
    // Epoch seconds, or an ISO 8601 date-time (YAML may hand over a Date for unquoted ones).
    const at = value instanceof Date ? value.getTime() : typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
    if (!Number.isFinite(at)) this.fail(where, `expected an ISO 8601 time like 2025-06-02T09:00:00Z or epoch seconds, got ${JSON.stringify(value)}`);
    return at;
  }
}

function readSample(reader: Reader, value: unknown, where: string): HostSample {
  const raw = reader.record(value, where);
  reader.known(raw, SAMPLE_FIELDS, where);
  if (raw.at === undefined) reader.fail(where, 'missing "at" (when the sample was taken)');
  const optional = (key: string, max?: number): number | undefined => (raw[key] === undefined ? undefined : reader.number(raw[key], `${where}.${key}`, max));
  const sample: HostSample = { at: reader.time(raw.at, `${where}.at`) };
  const fields: Array<[keyof HostSample, number | undefined]> = [
    ['cpuPercent', optional('cpu', 100)],
    ['memoryPercent', optional('memory', 100)],
    ['psiMemoryPercent', optional('psiMemory', 100)],
    ['swapUsedMiB', optional('swapUsedMiB')],
    ['swapOutMiBPerSecond', optional('swapOutMiBps')],
    ['oomKills', optional('oomKills')],
  ];
  for (const [key, number] of fields) if (number !== undefined) (sample as unknown as Record<string, number>)[key] = number;
  if (typeof raw.disk === 'number') sample.diskPercent = { '/data': reader.number(raw.disk, `${where}.disk`, 100) };
  else if (raw.disk !== undefined) {
    const disk = reader.record(raw.disk, `${where}.disk`);
    sample.diskPercent = Object.fromEntries(Object.entries(disk).map(([mount, percent]) => [mount, reader.number(percent, `${where}.disk.${mount}`, 100)]));
  }
  return sample;
}

/** Parses metrics text (YAML or JSON); `file` names it in errors. */
export function parseMetricsText(file: string, text: string): MetricsSet {
  const reader: Reader = new Reader(file);
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    reader.fail('parse', (error as Error).message.split('\n')[0] ?? 'not YAML or JSON');
  }
  const root = reader.record(data, 'top level');
  reader.known(root, TOP_FIELDS, 'top level');
  if (root.apiVersion !== undefined && root.apiVersion !== METRICS_API_VERSION) reader.fail('apiVersion', `expected ${METRICS_API_VERSION}, got ${JSON.stringify(root.apiVersion)}`);
  const hosts = reader.record(root.hosts, 'hosts');
  const workload: Workload = {};
  if (root.workload !== undefined) {
    const raw = reader.record(root.workload, 'workload');
    reader.known(raw, WORKLOAD_FIELDS, 'workload');
    for (const key of WORKLOAD_FIELDS) if (raw[key] !== undefined) workload[key] = reader.number(raw[key], `workload.${key}`);
  }
  return {
    source: 'file',
    description: file,
    hosts: Object.entries(hosts).map(([host, samples]) => {
      if (!Array.isArray(samples) || samples.length === 0) reader.fail(`hosts.${host}`, 'expected a non-empty list of samples');
      return { host, samples: samples.map((sample, index) => readSample(reader, sample, `hosts.${host}[${index}]`)) };
    }),
    ...(Object.keys(workload).length > 0 ? { workload } : {}),
    notes: [],
  };
}

/** Reads and parses a metrics file; a missing or unreadable one is a usage error (exit 2). */
export async function readMetricsFile(file: string): Promise<MetricsSet> {
  let text: string;
  try {
    if ((await stat(file)).size > MAX_METRICS_BYTES) throw new Error(`larger than ${MAX_METRICS_BYTES / 1024 / 1024} MiB`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw usageError('E_METRICS_UNREADABLE', `cannot read metrics file ${file}: ${(error as Error).message}`, 'pass an existing file with --metrics (format: docs/metrics-format.md)');
  }
  return parseMetricsText(file, text);
}
