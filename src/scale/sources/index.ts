import { systemClock, type Clock } from '../../core/clock.js';
import { DatalypticaError } from '../../core/errors.js';
import type { IoHost } from '../../core/events.js';
import type { Inventory } from '../../inventory/model.js';
import { sshConnectionPool, type ConnectionPool } from '../../ssh/pool.js';
import type { MetricsSet } from '../types.js';
import { readMetricsFile } from './file.js';
import { defaultPrometheusUrl, fetchGet, prometheusReachable, queryPrometheus, type HttpGet } from './prometheus.js';
import { sampleOverSsh } from './ssh.js';

export { parseMetricsText, readMetricsFile } from './file.js';

export interface CollectOptions {
  metricsFile?: string;
  /** Explicit --prometheus: must answer. Without it the inventory's Prometheus is tried. */
  prometheusUrl?: string;
  windowMs: number;
  sampleSeconds: number;
  acceptNewHostKeys: boolean;
  io: IoHost;
  get?: HttpGet;
  openPool?: (inventory: Inventory) => ConnectionPool;
  clock?: Clock;
}

/**
 * Where the load comes from, in order: a metrics file when given; Prometheus when given or when
 * the inventory places one that answers (a monitoring phase is installed); else a live sample
 * of every host over SSH.
 */
export async function collectMetrics(inventory: Inventory, options: CollectOptions): Promise<MetricsSet> {
  if (options.metricsFile) return readMetricsFile(options.metricsFile);
  const get = options.get ?? fetchGet;
  const clock = options.clock ?? systemClock;
  const url = options.prometheusUrl ?? defaultPrometheusUrl(inventory);
  if (url) {
    options.io.notify({ type: 'progress', scope: 'scale-plan', text: `trying Prometheus at ${url}` });
    if (await prometheusReachable(url, get)) return queryPrometheus(inventory, { url, windowMs: options.windowMs, now: clock.now(), get });
    if (options.prometheusUrl) {
      throw new DatalypticaError('E_PROMETHEUS', `Prometheus at ${url} is not reachable`, { hint: 'check --prometheus, or leave it out to sample the hosts over SSH' });
    }
    options.io.notify({ type: 'message', level: 'info', text: `Prometheus at ${url} does not answer (monitoring not installed?): sampling the hosts over SSH for ${options.sampleSeconds} s` });
  }
  const pool = (options.openPool ?? ((inv) => sshConnectionPool(inv, { acceptNewHostKeys: options.acceptNewHostKeys, clock })))(inventory);
  try {
    return await sampleOverSsh(inventory, pool, { intervalSeconds: options.sampleSeconds, windowMs: options.windowMs, clock });
  } finally {
    await pool.closeAll();
  }
}
