import { httpCall } from '../http.js';
import { OpFailure } from '../ops.js';
import type { OpClient } from '../rate-driver.js';
import type { HostShell } from '../shell.js';

/**
 * HTTP GETs through an address (the HAProxy VIP's stats page): acknowledged on 200, failed
 * otherwise. Read-only, so there is nothing to lose and no unknown outcome.
 */
export class HttpProbeClient implements OpClient {
  constructor(
    readonly name: string,
    private readonly url: string,
    private readonly basicAuth: { user: string; password: string } | undefined,
    private readonly timeoutMs: number,
  ) {}

  async attempt(): Promise<void> {
    let status: number;
    try {
      status = (await httpCall({ url: this.url, basicAuth: this.basicAuth, timeoutMs: this.timeoutMs })).status;
    } catch (error) {
      throw new OpFailure((error as Error).message, 'failed');
    }
    if (status !== 200) throw new OpFailure(`HTTP ${status}`, 'failed');
  }

  async close(): Promise<void> {
    // One connection per probe: nothing stays open.
  }
}

/** The IPv4 addresses in `ip -o -4 addr show` output. */
export function parseIpAddrs(output: string): string[] {
  return [...output.matchAll(/\binet (\d+\.\d+\.\d+\.\d+)\//g)].map((match) => match[1]!);
}

/** Which of `vips` a host has on an interface right now, read over SSH. */
export function vipClaimProbe(shell: HostShell, vips: readonly string[], timeoutMs: number): (host: string) => Promise<string[]> {
  return async (host) => {
    const result = await shell.exec(host, 'ip -o -4 addr show', { timeoutMs });
    if (result.code !== 0) throw new Error(`${host}: ip addr exited ${result.code}`);
    const present = new Set(parseIpAddrs(result.stdout));
    return vips.filter((vip) => present.has(vip));
  };
}
