import { Socket } from 'node:net';
import type { Clock } from '../core/clock.js';
import { DatalypticaError } from '../core/errors.js';
import type { Inventory } from '../inventory/model.js';
import { mapConnectError, silentError, type Target } from './connect-errors.js';
import { SshTransport, openSsh } from './ssh-transport.js';
import type { SshConnection } from './ssh-connection.js';
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
  /** Connection attempts on transient failures (default 4); `status` makes one. */
  attempts?: number;
  /**
   * Dial sshd here first, each look bounded by its entry, before the SSH handshake starts (direct
   * connections only, not through a bastion): no TCP answer to any look is E_SSH_SILENT. A host
   * that is up answers a SYN from its kernel in milliseconds even when its CPUs are busy, so a
   * short bound tells a powered-off host from a slow one, and `connectTimeoutMs` can then be
   * generous for the handshake. Implies one attempt: a dialled socket serves one handshake.
   */
  reachLooksMs?: readonly number[];
}

/** A pool of SSH connections to the inventory's hosts (management addresses), through the bastion if any. */
export function sshConnectionPool(inventory: Inventory, options: SshPoolOptions): ConnectionPool {
  const ssh = inventory.ssh;
  let bastion: Promise<SshConnection> | undefined;
  const openBastion = (forHost: string): Promise<SshConnection> => {
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
    const address = host.addresses.management;
    if (ssh.bastion) {
      const tunnel = await openBastion(name);
      return SshTransport.connect({ host: name, address, ssh, ...options, stream: (target) => tunnel.forwardOut(target.address, target.port) });
    }
    if (!options.reachLooksMs) return SshTransport.connect({ host: name, address, ssh, ...options });
    const socket = await dial({ host: name, address, port: ssh.port ?? 22, user: ssh.user }, options.reachLooksMs);
    try {
      return await SshTransport.connect({ host: name, address, ssh, ...options, attempts: 1, stream: async () => socket });
    } catch (error) {
      // A connect that failed before ssh2 took the socket (an unreadable key) must not leave it open: it kept the process alive.
      socket.destroy();
      throw error;
    }
  };
  return new ConnectionPool(factory, async () => {
    if (bastion) (await bastion.catch(() => undefined))?.end();
  });
}

/**
 * A TCP connection to sshd, one look after the other: a refusal or "no route" ends it at once,
 * silence moves on to the next look, silence at every look is E_SSH_SILENT.
 */
export async function dial(target: Target, looksMs: readonly number[], connect: (target: Target) => Socket = tcpConnect): Promise<Socket> {
  for (const ms of looksMs) {
    const socket = connect(target);
    const outcome = await connectedWithin(socket, ms);
    // ssh2 listens for errors once the handshake starts; until then one must not go unhandled.
    if (outcome === 'connected') return socket.on('error', () => undefined);
    socket.destroy();
    if (outcome !== 'silent') throw mapConnectError(outcome, target, ms);
  }
  throw silentError(target, looksMs);
}

function tcpConnect(target: Target): Socket {
  return new Socket().connect(target.port, target.address);
}

/**
 * Waits for the socket to connect or fail, up to `ms`. A timer that came due while the event loop
 * was busy (five handshakes on a loaded machine) runs before the I/O callbacks of the same turn;
 * looking again after them (setImmediate) keeps a connection that did complete from passing for
 * silence.
 */
function connectedWithin(socket: Socket, ms: number): Promise<'connected' | 'silent' | Error> {
  return new Promise((resolve) => {
    // Called again by a late timer after an event settled it: resolving twice is a no-op.
    const finish = (outcome: 'connected' | 'silent' | Error) => {
      clearTimeout(timer);
      socket.off('connect', onConnect).off('error', onError);
      resolve(outcome);
    };
    const onConnect = () => finish('connected');
    const onError = (error: Error) => finish(error);
    socket.once('connect', onConnect).once('error', onError);
    const timer = setTimeout(() => setImmediate(() => finish('silent')), ms);
  });
}
