import { systemClock, type Clock } from '../../core/clock.js';
import type { Inventory } from '../../inventory/model.js';
import type { ConnectionPool } from '../../ssh/pool.js';
import type { MetricsSet } from '../types.js';
import { parseProbe, probeScript } from './ssh-probe.js';

export interface SshSampleOptions {
  intervalSeconds: number;
  /** How far back to count OOM kills in the kernel journal. */
  windowMs: number;
  clock?: Clock;
}

/**
 * A live sample of every host over SSH: one script per host, all hosts at once, so the CPU
 * interval is the same wall time everywhere. A host that cannot be reached is a note, not a
 * failure: the plan still covers the others, and says which it could not see.
 */
export async function sampleOverSsh(inventory: Inventory, pool: Pick<ConnectionPool, 'get'>, options: SshSampleOptions): Promise<MetricsSet> {
  const clock = options.clock ?? systemClock;
  const script = probeScript(options.intervalSeconds, Math.round(options.windowMs / 1000));
  const results = await Promise.all(
    inventory.hosts.map(async (host) => {
      try {
        const transport = await pool.get(host.name);
        const result = await transport.exec(script, { sudo: true, timeoutMs: (options.intervalSeconds + 30) * 1000 });
        if (result.code !== 0) return { host: host.name, error: `${host.name}: the probe exited ${result.code}: ${result.stderr.trim().split('\n')[0] ?? ''}` };
        return { host: host.name, probe: parseProbe(host.name, result.stdout, clock.now(), options.intervalSeconds) };
      } catch (error) {
        return { host: host.name, error: `${host.name}: not sampled (${(error as Error).message.split('\n')[0]})` };
      }
    }),
  );
  return {
    source: 'ssh',
    description: `a live ${options.intervalSeconds} s sample over SSH`,
    hosts: results.flatMap((result) => (result.probe ? [{ host: result.host, samples: [result.probe.sample] }] : [])),
    notes: results.flatMap((result) => (result.probe ? result.probe.notes : [result.error ?? ''])),
  };
}
