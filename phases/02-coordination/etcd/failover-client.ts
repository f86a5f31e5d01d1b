import { httpCall, HttpCallError, type TlsMaterial } from '../../../src/failover/http.js';
import { OpFailure } from '../../../src/failover/ops.js';
import type { OpClient } from '../../../src/failover/rate-driver.js';

/** The etcd v3 HTTP/JSON gateway: keys and values are base64, 64-bit ids are decimal strings. */
const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** The key range [key, end) of every key starting with `prefix` (etcd's prefix convention). */
export function prefixRange(prefix: string): { key: string; range_end: string } {
  const bytes = Buffer.from(prefix);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! + 1;
  return { key: b64(prefix), range_end: bytes.toString('base64') };
}

export function seqFromKey(prefix: string, keyB64: string): number | undefined {
  const key = Buffer.from(keyB64, 'base64').toString('utf8');
  if (!key.startsWith(prefix)) return undefined;
  const seq = Number(key.slice(prefix.length));
  return Number.isInteger(seq) ? seq : undefined;
}

/** A member that does not accept a connection this fast is skipped for the next one. */
const CONNECT_TIMEOUT_MS = 1_000;

/** Errors etcd returns before proposing anything: the put certainly did not happen. */
const NOT_PROPOSED = /no leader|too many requests|not capable/i;

export interface EtcdTarget {
  endpoints: string[];
  tls: TlsMaterial;
  timeoutMs: number;
}

/**
 * Puts `<prefix><seq>` round-robin over every member's client URL, moving on to the next member
 * when one refuses the connection (as etcd's own client balancer does; nothing was sent, so
 * nothing can be doubled). Some puts always go to followers, which forward them to whoever
 * leads now.
 */
export class EtcdPutClient implements OpClient {
  constructor(
    readonly name: string,
    private readonly target: EtcdTarget,
    private readonly prefix: string,
  ) {}

  async attempt(seq: number): Promise<void> {
    const { endpoints } = this.target;
    const body = { key: b64(`${this.prefix}${seq}`), value: b64(String(seq)) };
    const refused: string[] = [];
    for (let i = 0; i < endpoints.length; i++) {
      const endpoint = endpoints[(seq + i) % endpoints.length]!;
      let answer;
      try {
        answer = await httpCall({ url: `${endpoint}/v3/kv/put`, body, tls: this.target.tls, timeoutMs: this.target.timeoutMs, connectTimeoutMs: CONNECT_TIMEOUT_MS });
      } catch (error) {
        if (error instanceof HttpCallError && error.phase === 'connect') {
          refused.push(error.message);
          continue;
        }
        throw new OpFailure(`${endpoint}: ${(error as Error).message}`, 'unknown');
      }
      if (answer.status === 200 && /"revision"/.test(answer.body)) return;
      const detail = answer.body.slice(0, 200);
      throw new OpFailure(`${endpoint}: HTTP ${answer.status} ${detail}`, NOT_PROPOSED.test(detail) ? 'failed' : 'unknown');
    }
    throw new OpFailure(`no etcd member accepted a connection: ${refused.join('; ')}`, 'failed');
  }

  async readBack(): Promise<number[]> {
    const answer = await this.anyEndpoint('/v3/kv/range', { ...prefixRange(this.prefix), keys_only: true });
    const parsed = JSON.parse(answer) as { kvs?: Array<{ key: string }> };
    return (parsed.kvs ?? []).flatMap((kv) => seqFromKey(this.prefix, kv.key) ?? []);
  }

  async cleanup(): Promise<void> {
    await this.anyEndpoint('/v3/kv/deleterange', prefixRange(this.prefix));
  }

  async close(): Promise<void> {
    // One connection per request: nothing stays open.
  }

  /** A linearizable request to the first member that answers it (the leader may be gone). */
  private async anyEndpoint(path: string, body: unknown): Promise<string> {
    const errors: string[] = [];
    for (const endpoint of this.target.endpoints) {
      try {
        const answer = await httpCall({ url: `${endpoint}${path}`, body, tls: this.target.tls, timeoutMs: 10_000 });
        if (answer.status === 200) return answer.body;
        errors.push(`${endpoint}: HTTP ${answer.status}`);
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    throw new Error(`no etcd member answered ${path}: ${errors.join('; ')}`);
  }
}

/** Who a member says leads: claims `etcd-leader` when it is the leader itself. */
export async function etcdLeaderClaims(endpoint: string, tls: TlsMaterial, timeoutMs: number): Promise<string[]> {
  const answer = await httpCall({ url: `${endpoint}/v3/maintenance/status`, body: {}, tls, timeoutMs });
  if (answer.status !== 200) throw new Error(`${endpoint}: HTTP ${answer.status}`);
  const status = JSON.parse(answer.body) as { header?: { member_id?: string }; leader?: string };
  return status.leader !== undefined && status.leader !== '0' && status.leader === status.header?.member_id ? [ETCD_LEADER] : [];
}

export const ETCD_LEADER = 'etcd-leader';
