import type { ConnectionPool } from '../ssh/pool.js';
import type { ExecResult, Transport } from '../ssh/transport.js';

/** Commands on cluster hosts, as the failover test needs them: bounded in time, root when asked. */
export interface HostShell {
  exec(host: string, command: string, options: { timeoutMs: number; sudo?: boolean }): Promise<ExecResult>;
  close(): Promise<void>;
}

/**
 * SSH with one connection per host that is dropped on any transport error, so a host that was
 * powered off and booted again gets a fresh connection instead of a dead one. `openPool`
 * makes the pool for one host (sshConnectionPool, with the inventory's bastion and keys).
 */
export class ReconnectingShell implements HostShell {
  private readonly pools = new Map<string, ConnectionPool>();

  constructor(private readonly openPool: () => ConnectionPool) {}

  /** The host's connection, opened on first use (also what `status` asks for: this is a StatusPool). */
  get(host: string): Promise<Transport> {
    let pool = this.pools.get(host);
    if (!pool) this.pools.set(host, (pool = this.openPool()));
    return pool.get(host);
  }

  /** Drops the host's connection; the next command connects again. */
  evict(host: string): void {
    const pool = this.pools.get(host);
    if (!pool) return;
    this.pools.delete(host);
    void pool.closeAll().catch(() => undefined);
  }

  async exec(host: string, command: string, options: { timeoutMs: number; sudo?: boolean }): Promise<ExecResult> {
    try {
      const transport = await this.get(host);
      return await transport.exec(command, { timeoutMs: options.timeoutMs, sudo: options.sudo ?? false });
    } catch (error) {
      this.evict(host);
      throw error;
    }
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.closeAll().catch(() => undefined)));
  }
}
