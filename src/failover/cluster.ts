import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { Topology } from '../config/topology.js';
import { systemClock, type Clock } from '../core/clock.js';
import { DatalypticaError } from '../core/errors.js';
import type { IoHost } from '../core/events.js';
import { nodeFileSystem } from '../core/fs.js';
import { readState } from '../engine/state.js';
import type { HealthOf } from '../health/types.js';
import type { Inventory } from '../inventory/model.js';
import { loadValidInventory } from '../inventory/validate.js';
import { ClusterPki } from '../pki/cluster-pki.js';
import { SecretStore } from '../secrets/store.js';
import { sshConnectionPool } from '../ssh/pool.js';
import { collectStatus, statusSshOptions, type ClusterStatus } from '../status/index.js';
import { vipClaimProbe } from './clients/probes.js';
import { powerCommand, SystemdFaults, type FaultPort, type PowerControl } from './faults.js';
import { PROBE_TIMEOUT_MS, type ClaimWatch, type FailoverDecl, type KitContext, type ServiceKit } from './kit.js';
import type { FailoverDeps, HealthVerdict } from './runner.js';
import { ReconnectingShell, type HostShell } from './shell.js';
import type { FailoverService } from './types.js';

export interface FailoverSetupOptions {
  inventoryFile: string;
  /** `.datalyptica/` beside the inventory: secrets, PKI, engine state. */
  stateDir: string;
  io: IoHost;
  /** Each service's probe, as its module declares it. */
  health: HealthOf;
  /** The modules' failover declarations (phases/registry.ts). */
  failover: readonly FailoverDecl[];
  /**
   * Machine-side faults when the inventory is a lab's (src/lab/fault-port.ts): killing a unit's
   * processes through the host's cgroups and powering hosts off; undefined elsewhere.
   */
  faultPort?: (inventoryFile: string) => Promise<FaultPort | undefined>;
  acceptNewHostKeys?: boolean;
  /** Shell command templates with {host} and {address} (management address) for host-down outside the lab. */
  powerOffCommand?: string;
  powerOnCommand?: string;
  clock?: Clock;
  signal?: AbortSignal;
}

export interface FailoverSetup {
  inventory: Inventory;
  deps: FailoverDeps;
  installed: Set<FailoverService>;
  /** The lab `lab up` built next to the inventory: faults go through the machine's cgroups and containers. */
  lab: boolean;
  close(): Promise<void>;
}

/** The client certificate the test's etcd client presents (its own, so etcd's logs name it). */
const FAILOVER_CLIENT_CERT = { id: 'clients/failover-test', commonName: 'failover-test', usage: 'client' as const, subjectAltNames: [] };

export function statusSummary(status: ClusterStatus): HealthVerdict {
  const problems = [
    ...status.hosts.filter((host) => !host.reachable).map((host) => `${host.name} does not answer`),
    ...status.groups.filter((group) => group.health !== 'healthy').map((group) => group.summary),
    ...status.vips.filter((vip) => vip.health !== 'healthy').map((vip) => vip.summary),
  ];
  return { healthy: status.verdict === 'healthy', summary: problems.length > 0 ? problems.join('; ') : status.verdict };
}

/**
 * The HA services with a failover declaration that `status` saw installed: systemd knows the
 * unit on some reachable host. A health probe that was slow to answer does not make a service
 * "not installed".
 */
export function installedServices(status: ClusterStatus, services: readonly FailoverService[]): Set<FailoverService> {
  const seen = new Set(status.hosts.flatMap((host) => host.services.filter((s) => s.systemd !== 'not-found' && s.systemd !== 'unknown').map((s) => s.service)));
  return new Set(services.filter((service) => seen.has(service)));
}

async function secret(store: SecretStore, name: string): Promise<string> {
  const value = await store.get(name);
  if (value === undefined) {
    throw new DatalypticaError('E_FAILOVER_SECRET', `failover-test: no ${name} secret in ${store.path}`, { hint: 'run `datalyptica install` first; failover-test uses the secrets it generated' });
  }
  return value;
}

/** The cluster's CA, secrets and the test's own client certificate, for the modules' kits. */
async function kitContext(inventory: Inventory, stateDir: string, shell: HostShell, clock: Clock): Promise<KitContext> {
  const store = await SecretStore.open(stateDir);
  const pki = new ClusterPki(stateDir, inventory.cluster.name);
  // Never make a CA here: a new one would trust nothing the cluster presents.
  if (!(await nodeFileSystem.exists(pki.caCertPath))) {
    throw new DatalypticaError('E_FAILOVER_PKI', `failover-test: no cluster CA in ${pki.dir}`, { hint: 'run failover-test with the inventory the cluster was installed from (its .datalyptica/ holds the CA)' });
  }
  const ca = await pki.ensureCa();
  return {
    inventory,
    topology: new Topology(inventory),
    shell,
    clock,
    ca: ca.certPem,
    secret: (name) => secret(store, name),
    clientCertificate: async () => {
      const client = await pki.ensureCert(FAILOVER_CLIENT_CERT);
      return { cert: client.certPem, key: await readFile(client.keyPath, 'utf8') };
    },
  };
}

/** The VIPs of the cluster (every installed probe's `vip`), watched on every host that may hold one, in every scenario. */
export function vipWatch(topology: Topology, health: HealthOf, shell: HostShell): ClaimWatch {
  const managers: string[] = [];
  const claims: string[] = [];
  for (const service of topology.services()) {
    const vip = health(service)?.vip;
    const members = topology.members(service);
    const address = vip === undefined ? undefined : topology.inventory.vips[vip];
    if (address === undefined || members.length === 0) continue;
    claims.push(address);
    managers.push(...members.map((member) => member.host));
  }
  const hosts = [...new Set(managers)];
  return { hosts, claims: [...new Set(claims)], probe: vipClaimProbe(shell, claims, PROBE_TIMEOUT_MS) };
}

/** host-down with the user's own commands (their hypervisor's CLI), run on this machine. */
function commandPower(inventory: Inventory, off: string, on: string): PowerControl {
  const run = async (template: string, host: string) => {
    const address = inventory.hosts.find((candidate) => candidate.name === host)?.addresses.management ?? host;
    const command = powerCommand(template, host, address);
    const result = await execa(command, { shell: true, reject: false, timeout: 300_000 });
    if (result.exitCode !== 0) {
      throw new DatalypticaError('E_FAILOVER_POWER', `failover-test: \`${command}\` exited ${result.exitCode}: ${String(result.stderr).trim().split('\n')[0] ?? ''}`, { hint: 'check the power command templates' });
    }
  };
  return { description: `\`${off}\``, off: (host) => run(off, host), on: (host) => run(on, host) };
}

/**
 * Everything `failover-test` needs for the cluster of an inventory: the clients and probes of
 * each installed HA service, the faults (the lab's machine-side ones when the inventory is the
 * lab's), and the health check (`status`).
 */
export async function prepareFailoverTest(options: FailoverSetupOptions): Promise<FailoverSetup> {
  const clock = options.clock ?? systemClock;
  const { inventory } = await loadValidInventory(options.inventoryFile);
  if ((options.powerOffCommand === undefined) !== (options.powerOnCommand === undefined)) {
    throw new DatalypticaError('E_FLAGS', 'failover-test: --power-off-command and --power-on-command go together', { hint: 'give both, or neither', exitCode: 2 });
  }
  const sshOptions = { acceptNewHostKeys: options.acceptNewHostKeys === true, attempts: 1 };
  const shell = new ReconnectingShell(() => sshConnectionPool(inventory, { ...sshOptions, connectTimeoutMs: 2_000 }));
  const statusShell = new ReconnectingShell(() => sshConnectionPool(inventory, { acceptNewHostKeys: sshOptions.acceptNewHostKeys, ...statusSshOptions() }));
  const close = async () => {
    await shell.close();
    await statusShell.close();
  };
  try {
    const status = () => collectStatus(inventory, statusShell, { health: options.health, state: readState(options.stateDir) });
    const installed = installedServices(await status(), options.failover.map((decl) => decl.service));
    const port = await options.faultPort?.(options.inventoryFile);
    let faults: SystemdFaults;
    if (port) {
      faults = new SystemdFaults(shell, port.power, port.killer);
    } else {
      const power = options.powerOffCommand && options.powerOnCommand ? commandPower(inventory, options.powerOffCommand, options.powerOnCommand) : undefined;
      faults = new SystemdFaults(shell, power);
    }
    const context = await kitContext(inventory, options.stateDir, shell, clock);
    const kits: Record<FailoverService, ServiceKit> = {};
    for (const decl of options.failover) if (installed.has(decl.service)) kits[decl.service] = await decl.kit(context);
    const deps: FailoverDeps = {
      clusterName: inventory.cluster.name,
      clock,
      io: options.io,
      health: async () => statusSummary(await status()),
      kits,
      watch: vipWatch(context.topology, options.health, shell),
      faults,
      signal: options.signal,
    };
    return { inventory, deps, installed, lab: port !== undefined, close };
  } catch (error) {
    await close();
    throw error;
  }
}
