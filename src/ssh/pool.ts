import type { NodeSSH } from 'node-ssh';
import type { Clock } from '../core/clock.js';
import { DatalypticaError } from '../core/errors.js';
import type { Inventory } from '../inventory/model.js';
import { NodeSshTransport, openSsh } from './node-ssh-transport.js';
import type { Transport } from './transport.js';

/** Opens the connection to one inventory host. */
export type TransportFactory = (host: string) => Promise<Transport>;

/**
 * One connection per host per run: the first task that needs a host connects, every later
 * task reuses it. A failed connection is remembered too, so a dead host fails fast.
 */
export class ConnectionPool {
  private readonly connections = new Map<string, Promise<Transport>>();

  constructor(
    private readonly factory: TransportFactory,
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {}

  get(host: string): Promise<Transport> {
    let connection = this.connections.get(host);
    if (!connection) {
      connection = this.factory(host);
      connection.catch(() => undefined); // observed by the caller; avoid an unhandled rejection here
      this.connections.set(host, connection);
    }
    return connection;
  }

  /** Forgets a host's connection (closing it if open), so the next get() connects again: `status --watch` retries a dead host. */
  evict(host: string): void {
    const connection = this.connections.get(host);
    this.connections.delete(host);
    connection?.then((transport) => transport.close()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    const open = await Promise.allSettled(this.connections.values());
    await Promise.all(open.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
    this.connections.clear();
    await this.onClose();
  }
}

export interface SshPoolOptions {
  acceptNewHostKeys: boolean;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Overrides ssh.connectTimeoutSeconds (per attempt). */
  connectTimeoutMs?: number;
  /** Connection attempts on transient failures (default 3); `status` makes one. */
  attempts?: number;
}

/** A pool of SSH connections to the inventory's hosts (management addresses), through the bastion if any. */
export function sshConnectionPool(inventory: Inventory, options: SshPoolOptions): ConnectionPool {
  const ssh = inventory.ssh;
  let bastion: Promise<NodeSSH> | undefined;
  const openBastion = (forHost: string): Promise<NodeSSH> => {
    const spec = ssh.bastion!;
    bastion ??= openSsh(
      { host: spec.host, address: spec.host, port: spec.port ?? 22, user: spec.user ?? ssh.user, bastionFor: forHost },
      ssh,
      spec.privateKey ?? ssh.privateKey,
      { host: spec.host, address: spec.host, ssh, ...options },
    );
    return bastion;
  };
  const factory: TransportFactory = async (name) => {
    const host = inventory.hosts.find((candidate) => candidate.name === name);
    if (!host) throw new DatalypticaError('E_HOST_UNKNOWN', `no host named ${name} in the inventory`, { hint: 'check --hosts' });
    const via = ssh.bastion ? await openBastion(name) : undefined;
    return NodeSshTransport.connect({ host: name, address: host.addresses.management, ssh, ...options, via });
  };
  return new ConnectionPool(factory, async () => {
    if (bastion) (await bastion.catch(() => undefined))?.dispose();
  });
}
