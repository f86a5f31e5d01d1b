import type { PlacedService } from '../catalog/types.js';
import { unitOf, type HealthOf } from '../health/types.js';
import { DatalypticaError } from '../core/errors.js';
import type { HostSpec, Inventory } from '../inventory/model.js';
import type { Transport } from '../ssh/transport.js';
import { failureKind } from './failure.js';
import { parseStatusOutput, ranStatusScript, statusScript, type HostFacts } from './script.js';
import { serviceStatus, silentStatus } from './service-status.js';
import type { HostStatus, ServiceStatus } from './types.js';

/** The connections `status` uses: the SSH pool, or a fake in tests. */
export interface StatusPool {
  get(host: string): Promise<Transport>;
  /** Drops a host's connection after a failure, so the next try (or --watch refresh) connects again. */
  evict?(host: string): void;
}

export interface HostProbeOptions {
  /** Each service's probe, from its module. */
  health: HealthOf;
  /** The host's whole answer, connecting included, within this; past it the host is unknown. */
  deadlineMs: number;
  /** Each check runs under `timeout` this long; one that ran out of time runs again under twice this. */
  probeTimeoutSeconds: number;
  /** When the host's connection began (default: now); its deadline counts from then. */
  startedAt?: number;
  now: () => number;
}

export interface HostProbeResult {
  status: HostStatus;
  /** The host's IPv4 addresses (for the VIP check); empty when it did not answer. */
  addresses: Set<string>;
}

interface Answer {
  facts: HostFacts;
  services: ServiceStatus[];
  attempts: number;
}

/**
 * One round trip to one host: every placed service's unit, ports and check in one script. A
 * check that ran out of time (a busy host) gets a second round trip with twice the bound; a
 * connection that broke gets one more; a host that stays silent is unknown, never down, unless
 * it gave positive evidence (failure.ts).
 */
export async function probeHost(inventory: Inventory, host: HostSpec, placed: readonly PlacedService[], pool: StatusPool, options: HostProbeOptions): Promise<HostProbeResult> {
  const started = options.startedAt ?? options.now();
  const deadline = started + options.deadlineMs;
  const probeOf = (instance: PlacedService) => options.health(instance.service.id);
  const units = [...new Set(placed.map((instance) => unitOf(instance.service.id, probeOf(instance))))];
  const paths = [...new Set(placed.flatMap((instance) => probeOf(instance)?.installedPath ?? []))];
  const checked = placed.filter((instance) => probeOf(instance)?.check);
  const commands = checked.map((instance) => probeOf(instance)!.check!.command({ inventory, host, placed: instance }));
  const bounds = [options.probeTimeoutSeconds, 2 * options.probeTimeoutSeconds];
  let answer: Answer | undefined;
  let failure: unknown;
  let attempts = 0;
  for (let attempt = 1; attempt <= bounds.length; attempt++) {
    attempts = attempt;
    try {
      const stdout = await roundTrip(pool, host.name, statusScript(units, commands, bounds[attempt - 1]!, paths), { deadline, givenMs: options.deadlineMs, now: options.now });
      const facts = parseStatusOutput(stdout, commands.length);
      const services = placed.map((instance) => {
        const index = checked.indexOf(instance);
        return serviceStatus({ inventory, host, placed: instance }, probeOf(instance), facts, index === -1 ? undefined : facts.checks[index]);
      });
      answer = { facts, services, attempts: attempt };
      failure = undefined;
      if (!services.some((service) => service.health === 'unknown')) break;
    } catch (error) {
      // After a first answer, a failed second look keeps that answer.
      if (answer) break;
      failure = error;
      if (failureKind(error) !== 'flaky') break;
      pool.evict?.(host.name);
    }
  }
  const durationMs = options.now() - started;
  if (answer) {
    const given = bounds.slice(0, answer.attempts).map((seconds) => `${seconds} s`).join(', then ');
    const services = answer.services.map((service) => (service.health === 'unknown' ? { ...service, facts: [...service.facts, `check given ${given}`] } : service));
    return { status: { name: host.name, reachable: true, reach: 'answered', durationMs, attempts, services }, addresses: answer.facts.addresses };
  }
  pool.evict?.(host.name);
  const reach = failureKind(failure) === 'unreachable' ? 'unreachable' : 'unknown';
  return {
    status: { name: host.name, reachable: false, reach, error: (failure as Error).message, durationMs, attempts, services: placed.map((instance) => silentStatus(instance, probeOf(instance), reach)) },
    addresses: new Set(),
  };
}

/** Connects (or reuses the connection) and runs the script, all before `deadline`; a host that misses it was given `givenMs` in all. */
async function roundTrip(pool: StatusPool, host: string, script: string, { deadline, givenMs, now }: { deadline: number; givenMs: number; now: () => number }): Promise<string> {
  const work = pool.get(host).then(async (transport) => {
    const result = await transport.exec(script, { sudo: true, timeoutMs: Math.max(1, deadline - now()), what: 'status script' });
    if (!ranStatusScript(result.stdout)) {
      throw new DatalypticaError('E_STATUS_SCRIPT', `${host}: the status script failed (exit ${result.code}): ${result.stderr.trim().split('\n')[0] ?? ''}`, { hint: 'run it by hand with -v' });
    }
    return result.stdout;
  });
  return withDeadline(work, Math.max(1, deadline - now()), `${host}: no answer within ${seconds(givenMs)}`);
}

/** Rejects when `work` has not settled within `ms`; the timer never outlives the race. */
function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatalypticaError('E_STATUS_DEADLINE', message, { hint: 'the host or this machine may be overloaded; raise --timeout' })), ms);
  });
  work.catch(() => undefined); // settled after the deadline: nobody is waiting for it any more
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}
