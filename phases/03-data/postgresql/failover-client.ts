import type pg from 'pg';
import type { Clock } from '../../../src/core/clock.js';
import { OpFailure } from '../../../src/failover/ops.js';
import type { OpClient } from '../../../src/failover/rate-driver.js';

export interface PgTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** The cluster CA: the server's certificate must carry the address dialled (the VIP). */
  ca: string;
  connectTimeoutMs: number;
}

export const FAILOVER_TABLE = 'datalyptica_failover_test';

/**
 * SQLSTATE classes that mean the statement certainly did not commit: data, integrity, read-only
 * transaction (a demoted primary), serialization, syntax/access. Everything else from the
 * server (57 operator intervention: a fast shutdown can end a commit that already committed
 * locally while it waited for the sync standby; 08, 53, 58, XX) and every broken connection is unknown.
 */
const NOT_COMMITTED_CLASSES = new Set(['22', '23', '25', '28', '3D', '40', '42', '0A']);

export function classifyPgError(error: unknown): 'failed' | 'unknown' {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return NOT_COMMITTED_CLASSES.has(code.slice(0, 2)) ? 'failed' : 'unknown';
  return 'unknown';
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${text} (${code})` : text;
}

/** pg is loaded on first use: `status` imports this module (through the registry) and never connects. */
async function newClient(target: PgTarget): Promise<pg.Client> {
  const { default: driver } = await import('pg');
  const client = new driver.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    ssl: { ca: target.ca, rejectUnauthorized: true },
    // Only the connection attempt has a deadline: no statement_timeout, no query_timeout and no
    // cancel request ever, because a cancelled wait for the sync standby leaves a commit that
    // is visible locally and may then be lost.
    connectionTimeoutMillis: target.connectTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 1000,
    application_name: 'datalyptica-failover-test',
  });
  // A connection that dies while idle emits 'error'; the next operation finds out and reconnects.
  client.on('error', () => undefined);
  return client;
}

/**
 * Autocommit inserts of (run, seq) through one address (the PostgreSQL VIP or HAProxy), each on
 * an idle connection or a new one; a connection that saw any error is dropped, never reused.
 */
export class PgInsertClient implements OpClient {
  private readonly idle: pg.Client[] = [];
  private readonly all = new Set<pg.Client>();

  constructor(
    readonly name: string,
    private readonly target: PgTarget,
    private readonly run: string,
    private readonly clock: Clock,
  ) {}

  /** Creates the test table (idempotent), through the same address the inserts use. */
  async prepare(): Promise<void> {
    await this.withOneShot(async (client) => {
      await client.query(`CREATE TABLE IF NOT EXISTS ${FAILOVER_TABLE} (run text NOT NULL, seq integer NOT NULL, at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (run, seq))`);
    });
  }

  async attempt(seq: number): Promise<void> {
    let client = this.idle.pop();
    if (!client) {
      client = await newClient(this.target);
      try {
        await client.connect();
      } catch (error) {
        void client.end().catch(() => undefined);
        throw new OpFailure(`connect to ${this.target.host}:${this.target.port}: ${message(error)}`, 'failed');
      }
      this.all.add(client);
    }
    try {
      await client.query(`INSERT INTO ${FAILOVER_TABLE} (run, seq) VALUES ($1, $2)`, [this.run, seq]);
      this.idle.push(client);
    } catch (error) {
      this.drop(client);
      throw new OpFailure(message(error), classifyPgError(error));
    }
  }

  /**
   * The rows this run wrote, read on the current primary through the same address (retried
   * while the cluster settles); refuses to read from a standby, which could lag.
   */
  async readBack(): Promise<number[]> {
    return this.withOneShot(async (client) => {
      const recovery = await client.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
      if (recovery.rows[0]?.standby) throw new Error(`${this.target.host}:${this.target.port} leads to a standby, not the primary`);
      const result = await client.query<{ seq: number }>(`SELECT seq FROM ${FAILOVER_TABLE} WHERE run = $1`, [this.run]);
      return result.rows.map((row) => row.seq);
    });
  }

  async cleanup(): Promise<void> {
    await this.withOneShot(async (client) => {
      await client.query(`DELETE FROM ${FAILOVER_TABLE} WHERE run = $1`, [this.run]);
    });
  }

  async close(): Promise<void> {
    const clients = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(clients.map((client) => this.end(client)));
  }

  private drop(client: pg.Client): void {
    this.all.delete(client);
    void this.end(client);
  }

  /**
   * end() waits for the server's goodbye; a dead peer never sends one, so after a second the
   * socket is destroyed (closing is not a cancel: the server is not asked to stop anything).
   */
  private async end(client: pg.Client): Promise<void> {
    const ended = await Promise.race([client.end().then(() => true, () => true), this.clock.sleep(1000).then(() => false)]);
    if (!ended) client.connection.stream.destroy();
  }

  private async withOneShot<T>(work: (client: pg.Client) => Promise<T>, attempts = 15): Promise<T> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const client = await newClient(this.target);
      try {
        await client.connect();
        return await work(client);
      } catch (error) {
        lastError = error;
        await this.clock.sleep(1000);
      } finally {
        await this.end(client);
      }
    }
    throw new Error(`${this.target.host}:${this.target.port}: ${message(lastError)}`);
  }
}
