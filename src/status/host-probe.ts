import type { PlacedService } from '../catalog/types.js';
import { unitOf, type HealthOf } from '../health/types.js';
import { DatalypticaError } from '../core/errors.js';
import type { HostSpec, Inventory } from '../inventory/model.js';
import type { Transport } from '../ssh/transport.js';
import { parseStatusOutput, ranStatusScript, statusScript, type HostFacts } from './script.js';
import { serviceStatus, unknownStatus } from './service-status.js';
import type { HostStatus } from './types.js';

/** The connections `status` uses: the SSH pool, or a fake in tests. */
export interface StatusPool {
  get(host: string): Promise<Transport>;
  /** Drops a host's connection after a failure, so the next refresh (--watch) connects again. */
  evict?(host: string): void;
}

export interface HostProbeOptions {
  /** Each service's probe, from its module. */
  health: HealthOf;
  /** Connect and answer within this, or the host is reported unreachable. */
  deadlineMs: number;
  /** Each service check runs under `timeout` this long on the host. */
  probeTimeoutSeconds: number;
  now: () => number;
}

export interface HostProbeResult {
  status: HostStatus;
  /** The host's IPv4 addresses (for the VIP check); empty when it did not answer. */
  addresses: Set<string>;
}

/** One round trip to one host: every placed service's unit, ports and check in one script. */
export async function probeHost(inventory: Inventory, host: HostSpec, placed: readonly PlacedService[], pool: StatusPool, options: HostProbeOptions): Promise<HostProbeResult> {
  const started = options.now();
  const probeOf = (instance: PlacedService) => options.health(instance.service.id);
  const units = [...new Set(placed.map((instance) => unitOf(instance.service.id, probeOf(instance))))];
  const checked = placed.filter((instance) => probeOf(instance)?.check);
  const commands = checked.map((instance) => probeOf(instance)!.check!.command({ inventory, host, placed: instance }));
  const script = statusScript(units, commands, options.probeTimeoutSeconds);
  let facts: HostFacts;
  try {
    const stdout = await withDeadline(
      pool.get(host.name).then(async (transport) => {
        const result = await transport.exec(script, { sudo: true, timeoutMs: Math.max(1, options.deadlineMs - (options.now() - started)) });
        if (!ranStatusScript(result.stdout)) {
          throw new DatalypticaError('E_STATUS_SCRIPT', `${host.name}: the status script failed (exit ${result.code}): ${result.stderr.trim().split('\n')[0] ?? ''}`, { hint: 'run it by hand with -v' });
        }
        return result.stdout;
      }),
      options.deadlineMs,
      host.name,
    );
    facts = parseStatusOutput(stdout, commands.length);
  } catch (error) {
    pool.evict?.(host.name);
    return {
      status: { name: host.name, reachable: false, error: (error as Error).message, durationMs: options.now() - started, services: placed.map((instance) => unknownStatus(instance, probeOf(instance))) },
      addresses: new Set(),
    };
  }
  const services = placed.map((instance) => {
    const index = checked.indexOf(instance);
    return serviceStatus({ inventory, host, placed: instance }, probeOf(instance), facts, index === -1 ? undefined : facts.checks[index]);
  });
  return { status: { name: host.name, reachable: true, durationMs: options.now() - started, services }, addresses: facts.addresses };
}

/** Rejects when `work` has not settled within `ms`; the timer never outlives the race. */
function withDeadline<T>(work: Promise<T>, ms: number, host: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatalypticaError('E_STATUS_DEADLINE', `${host}: no answer within ${ms} ms`, { hint: 'check that the host is up, or raise --timeout' })), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
