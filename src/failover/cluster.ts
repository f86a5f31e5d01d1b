import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { execa } from 'execa';
import { systemClock, type Clock } from '../core/clock.js';
import { DatalypticaError } from '../core/errors.js';
import type { HealthOf } from '../health/types.js';
import type { IoHost } from '../core/events.js';
import { nodeFileSystem } from '../core/fs.js';
import { POSTGRES_USERS } from '../config/patroni.js';
import { readState } from '../engine/state.js';
import type { Inventory } from '../inventory/model.js';
import { loadValidInventory } from '../inventory/validate.js';
import { readLabState, loadLab } from '../lab/context.js';
import { killServiceProcesses, powerOff, powerOn } from '../lab/faults.js';
import { labPaths } from '../lab/paths.js';
import { ClusterPki } from '../pki/cluster-pki.js';
import { SECRET_NAMES } from '../secrets/names.js';
import { SecretStore } from '../secrets/store.js';
import { sshConnectionPool } from '../ssh/pool.js';
import { collectStatus, DEFAULT_DEADLINE_MS, type ClusterStatus } from '../status/index.js';
import { clusterKits, vipWatch, type ClusterCredentials } from './cluster-kits.js';
import { powerCommand, SystemdFaults, type PowerControl } from './faults.js';
import type { FailoverDeps, HealthVerdict } from './runner.js';
import { ReconnectingShell } from './shell.js';
import { FAILOVER_SERVICES, type FailoverService } from './types.js';

export interface FailoverSetupOptions {
  inventoryFile: string;
  /** `.datalyptica/` beside the inventory: secrets, PKI, engine state. */
  stateDir: string;
  io: IoHost;
  /** Each service's probe, as its module declares it. */
  health: HealthOf;
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
 * The HA services of this tool that `status` saw installed: systemd knows the unit on some
 * reachable host. A health probe that was slow to answer does not make a service "not installed".
 */
export function installedServices(status: ClusterStatus): Set<FailoverService> {
  const seen = new Set(status.hosts.flatMap((host) => host.services.filter((s) => s.systemd !== 'not-found' && s.systemd !== 'unknown').map((s) => s.service)));
  return new Set(FAILOVER_SERVICES.filter((service) => seen.has(service)));
}

async function secret(store: SecretStore, name: string): Promise<string> {
  const value = await store.get(name);
  if (value === undefined) {
    throw new DatalypticaError('E_FAILOVER_SECRET', `failover-test: no ${name} secret in ${store.path}`, { hint: 'run `datalyptica install` first; failover-test uses the secrets it generated' });
  }
  return value;
}

async function credentials(inventory: Inventory, stateDir: string, installed: ReadonlySet<FailoverService>): Promise<ClusterCredentials> {
  const store = await SecretStore.open(stateDir);
  const pki = new ClusterPki(stateDir, inventory.cluster.name);
  // Never make a CA here: a new one would trust nothing the cluster presents.
  if (!(await nodeFileSystem.exists(pki.caCertPath))) {
    throw new DatalypticaError('E_FAILOVER_PKI', `failover-test: no cluster CA in ${pki.dir}`, { hint: 'run failover-test with the inventory the cluster was installed from (its .datalyptica/ holds the CA)' });
  }
  const ca = await pki.ensureCa();
  const client = await pki.ensureCert(FAILOVER_CLIENT_CERT);
  return {
    ca: ca.certPem,
    etcdClient: { cert: client.certPem, key: await readFile(client.keyPath, 'utf8') },
    postgresUser: POSTGRES_USERS.superuser,
    postgresPassword: installed.has('postgresql') ? await secret(store, SECRET_NAMES.postgresSuperuser) : '',
    haproxyStatsPassword: installed.has('haproxy') ? await secret(store, SECRET_NAMES.haproxyStats) : '',
  };
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
  const statusShell = new ReconnectingShell(() => sshConnectionPool(inventory, { ...sshOptions, connectTimeoutMs: DEFAULT_DEADLINE_MS }));
  const close = async () => {
    await shell.close();
    await statusShell.close();
  };
  try {
    const status = () => collectStatus(inventory, statusShell, { health: options.health, state: readState(options.stateDir) });
    const installed = installedServices(await status());
    const labDir = dirname(options.inventoryFile);
    const isLab = (await readLabState(labPaths(labDir))) !== undefined;
    let faults: SystemdFaults;
    if (isLab) {
      if (process.getuid?.() !== 0) {
        throw new DatalypticaError('E_FAILOVER_LAB_ROOT', 'failover-test: the lab\'s faults (killing a host\'s processes, powering it off) need root on this machine', {
          hint: 'run: sudo datalyptica failover-test ...',
        });
      }
      const lab = await loadLab({ dir: labDir, io: options.io });
      faults = new SystemdFaults(
        shell,
        { description: 'lab: the container is killed and its link taken down', off: (host) => powerOff(lab, host), on: (host) => powerOn(lab, host) },
        async (host, unit) => void (await killServiceProcesses(lab, host, unit)),
      );
    } else {
      const power = options.powerOffCommand && options.powerOnCommand ? commandPower(inventory, options.powerOffCommand, options.powerOnCommand) : undefined;
      faults = new SystemdFaults(shell, power);
    }
    const deps: FailoverDeps = {
      clusterName: inventory.cluster.name,
      clock,
      io: options.io,
      health: async () => statusSummary(await status()),
      kits: clusterKits(inventory, installed, await credentials(inventory, options.stateDir, installed), shell, clock),
      watch: vipWatch(inventory, shell),
      faults,
      signal: options.signal,
    };
    return { inventory, deps, installed, lab: isLab, close };
  } catch (error) {
    await close();
    throw error;
  }
}
