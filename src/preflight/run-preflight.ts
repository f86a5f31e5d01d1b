import { placeServices } from '../catalog/index.js';
import type { PlacedService } from '../catalog/types.js';
import { systemClock, type Clock } from '../core/clock.js';
import { usageError } from '../core/errors.js';
import type { IoHost } from '../core/events.js';
import type { HostSpec, Inventory } from '../inventory/model.js';
import type { ServiceModule } from '../../phases/shared/module.js';
import type { ConnectionPool } from '../ssh/pool.js';
import { serviceModules } from '../../phases/registry.js';
import { checkAddresses } from './checks/addresses.js';
import { judgeBundle } from './checks/bundle.js';
import { checkClocks, estimateOffset, type HostClock } from './checks/clock.js';
import { checkEndpoint } from './checks/endpoints.js';
import { checkOs } from './checks/os.js';
import { checkPorts } from './checks/ports.js';
import { checkCpu, checkDataFree, checkDisk, checkMemory } from './checks/resources.js';
import { checkSudo } from './checks/sudo.js';
import { probeTarget, type ProbeTarget } from './facts-script.js';
import { gatherHost, type Gathered } from './gather.js';
import type { CheckDef, CheckId, CheckOutcome, CheckResult, ClockSummary, PreflightReport } from './types.js';

export interface PreflightOptions {
  io?: IoHost;
  /** Only these inventory hosts (default: all). */
  hosts?: string[];
  clock?: Clock;
  /** Where ssh.become.passwordEnv is read. */
  env?: NodeJS.ProcessEnv;
  /** The service modules whose releases the bundle must hold (default: the registry's). */
  modules?: readonly ServiceModule[];
}

const HOST_CHECKS: CheckDef[] = [
  { id: 'connect', title: 'SSH connection' },
  { id: 'os', title: 'operating system' },
  { id: 'cpu', title: 'CPU' },
  { id: 'memory', title: 'memory' },
  { id: 'disk', title: 'disk (/data)' },
  { id: 'data-free', title: 'free space (/data)' },
  { id: 'addresses', title: 'inventory addresses' },
  { id: 'ports', title: 'service ports free' },
  { id: 'sudo', title: 'root access' },
  { id: 'clock', title: 'clock offset' },
  { id: 'bundle', title: 'offline bundle' },
];

interface Endpoint {
  def: CheckDef;
  target: ProbeTarget;
  /** The inventory setting, for the fix text. */
  setting: string;
}

/** The endpoints the inventory configures, as probes the hosts run. A file:// mirror lives on this machine: nothing to probe. */
export function configuredEndpoints(inventory: Inventory): Endpoint[] {
  const endpoints: Endpoint[] = [];
  const add = (id: CheckId, title: string, url: string | undefined, setting: string) => {
    if (url && /^https?:\/\//.test(url)) endpoints.push({ def: { id, title }, target: probeTarget(id, url), setting });
  };
  add('package-proxy', 'package proxy', inventory.artifacts?.packageProxy, 'artifacts.packageProxy');
  add('mirror', 'artifact mirror', inventory.artifacts?.mirror, 'artifacts.mirror');
  add('object-storage', 'S3 endpoint', inventory.objectStorage?.endpoint, 'objectStorage.endpoint');
  return endpoints;
}

function selectHosts(inventory: Inventory, names: string[] | undefined): HostSpec[] {
  if (!names) return inventory.hosts;
  const unknown = names.filter((name) => !inventory.hosts.some((host) => host.name === name));
  if (unknown.length > 0) {
    throw usageError('E_FLAGS', `--hosts: no host named ${unknown.join(', ')} in the inventory`, `hosts are ${inventory.hosts.map((host) => host.name).join(', ')}`);
  }
  return inventory.hosts.filter((host) => names.includes(host.name));
}

/**
 * `datalyptica check`: gathers facts from every host in parallel (one round trip each) and
 * judges them. Returns data only; progress goes to the IoHost. Never throws for a host
 * problem: an unreachable host fails every check with its connection error.
 */
export async function runPreflight(inventory: Inventory, pool: ConnectionPool, options: PreflightOptions = {}): Promise<PreflightReport> {
  const hosts = selectHosts(inventory, options.hosts);
  const clock = options.clock ?? systemClock;
  const env = options.env ?? process.env;
  const endpoints = configuredEndpoints(inventory);
  const probes = endpoints.map((endpoint) => endpoint.target);
  // Read on this machine while the hosts answer.
  const bundleVerdict = judgeBundle(inventory, options.modules ?? serviceModules());
  bundleVerdict.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
  const gathered = await Promise.all(
    hosts.map(async (host) => {
      options.io?.notify({ type: 'progress', scope: host.name, text: 'gathering facts' });
      const result = await gatherHost(pool, host.name, probes, inventory.ssh, clock, env);
      options.io?.notify({ type: 'progress', scope: host.name, text: result.ok ? 'facts gathered' : result.message });
      return result;
    }),
  );
  const clockClocks: HostClock[] = gathered.flatMap((g) => (g.ok && g.facts.hostTime ? [hostClock(g)] : []));
  const clocks = checkClocks(clockClocks);
  const placed = placeServices(inventory);
  const bundle = await bundleVerdict;
  const checks = [...HOST_CHECKS, ...endpoints.map((endpoint) => endpoint.def)];
  const results: CheckResult[] = [];
  hosts.forEach((host, index) => {
    const g = gathered[index]!;
    for (const def of checks) {
      const outcome = g.ok ? judge(def.id, host, g, { inventory, placed, endpoints, clocks: clocks.outcomes, bundle }) : { status: 'fail' as const, detail: g.message, fix: g.hint ?? 'check that the host is up and reachable over SSH' };
      results.push({ check: def.id, host: host.name, ...outcome });
    }
  });
  const counts = { pass: 0, warn: 0, fail: 0 };
  for (const result of results) counts[result.status]++;
  const clockSummary: ClockSummary = {
    spreadSeconds: clocks.spreadSeconds,
    provenSpreadSeconds: clocks.provenSpreadSeconds,
    offsets: Object.fromEntries(clockClocks.map((c) => [c.host, { offsetSeconds: c.offsetSeconds, uncertaintySeconds: c.uncertaintySeconds }])),
  };
  return { ok: counts.fail === 0, hosts: hosts.map((host) => host.name), checks, results, clock: clockSummary, counts };
}

type Reached = Extract<Gathered, { ok: true }>;

function hostClock(g: Reached): HostClock {
  const { start, end } = g.facts.hostTime!;
  return {
    host: g.host,
    ...estimateOffset(g.sentMs, g.receivedMs, start, end),
    ...(g.facts.container ? { container: g.facts.container } : {}),
    ...(g.facts.ntpSynchronized !== undefined ? { ntpSynchronized: g.facts.ntpSynchronized } : {}),
  };
}

interface JudgeContext {
  inventory: Inventory;
  placed: PlacedService[];
  endpoints: Endpoint[];
  clocks: Map<string, CheckOutcome>;
  bundle: (host: string) => CheckOutcome;
}

function judge(id: CheckId, host: HostSpec, g: Reached, context: JudgeContext): CheckOutcome {
  const { facts } = g;
  const ssh = context.inventory.ssh;
  switch (id) {
    case 'connect':
      return { status: 'pass', detail: `${ssh.user}@${host.addresses.management}:${ssh.port ?? 22}` };
    case 'os':
      return checkOs(facts);
    case 'cpu':
      return checkCpu(host, facts);
    case 'memory':
      return checkMemory(host, facts);
    case 'disk':
      return checkDisk(host, facts);
    case 'data-free':
      return checkDataFree(facts);
    case 'addresses':
      return checkAddresses(host, facts);
    case 'ports':
      return checkPorts(context.placed.filter((instance) => instance.host === host.name), facts);
    case 'sudo':
      return checkSudo(ssh, facts, g.passwordProbe);
    case 'clock':
      return context.clocks.get(host.name) ?? { status: 'fail', detail: 'the host did not report its time (date failed)', fix: 'check that date works on the host' };
    case 'bundle':
      return context.bundle(host.name);
    default: {
      const endpoint = context.endpoints.find((candidate) => candidate.def.id === id)!;
      return checkEndpoint(endpoint.target, endpoint.setting, facts.probes[endpoint.target.key]);
    }
  }
}
