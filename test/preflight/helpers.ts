import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../src/core/clock.js';
import { normaliseInventory } from '../../src/inventory/normalise.js';
import type { HostSpec, Inventory } from '../../src/inventory/model.js';
import type { ExecOptions, ExecResult, Transport } from '../../src/ssh/transport.js';

/** Real outputs of the facts script: this machine (a Docker container), a lab host, a RHEL 9 VM with sudo. */
export function fixture(name: 'lab-vm1-debian12-nspawn' | 'debian12-docker-machine' | 'rhel9-vm-sudo'): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', `${name}.txt`), 'utf8');
}

/** Replaces the script's two clock readings (seconds since the epoch). */
export function withHostTime(output: string, start: number, end: number): string {
  return output.replace(/^time\.start=.*$/m, `time.start=${start.toFixed(6)}`).replace(/^time\.end=.*$/m, `time.end=${end.toFixed(6)}`);
}

/** Replaces every line of a key (or appends it). */
export function withFact(output: string, key: string, ...values: string[]): string {
  const kept = output.split('\n').filter((line) => !line.startsWith(`${key}=`) && line !== '');
  return `${[...kept, ...values.map((value) => `${key}=${value}`)].join('\n')}\n`;
}

/** A Transport that answers each command from a handler and records what it was sent. */
export class ScriptedTransport implements Transport {
  readonly calls: Array<{ command: string; options: ExecOptions }> = [];
  constructor(
    readonly host: string,
    private readonly handler: (command: string, options: ExecOptions) => ExecResult | Promise<ExecResult>,
    readonly user = 'root',
  ) {}
  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.calls.push({ command, options });
    return this.handler(command, options);
  }
  async upload(): Promise<void> {
    throw new Error('check never uploads');
  }
  async uploadFile(): Promise<void> {
    throw new Error('check never uploads');
  }
  async close(): Promise<void> {}
}

/** A clock that stands still at `ms`: every host's round trip then has the same midpoint. */
export function fixedClock(ms: number): Clock {
  return { now: () => ms, sleep: async () => undefined };
}

export function labHost(name: string, octet: number, role: HostSpec['role'] = 'control'): HostSpec {
  return {
    name,
    role,
    addresses: { management: `198.18.20.${octet}`, application: `198.18.21.${octet}`, storage: `198.18.22.${octet}` },
    resources: { vcpu: 2, memoryGiB: 4, diskGiB: 20 },
  };
}

/** The lab's shape: root, no sudo, an apt proxy, hosts named like the spec's VMs. */
export function labInventory(hosts: HostSpec[], extra: Partial<Inventory> = {}): Inventory {
  return normaliseInventory({
    apiVersion: 'datalyptica/v1',
    cluster: { name: 'lab', domain: 'datalyptica.lab' },
    ssh: { user: 'root', become: { method: 'none' } },
    networks: { management: '198.18.20.0/24', application: '198.18.21.0/24', storage: '198.18.22.0/24' },
    vips: { haproxy: '198.18.21.100', postgresql: '198.18.21.101', redis: '198.18.21.102' },
    hosts,
    artifacts: { packageProxy: 'http://198.18.20.1:3142' },
    ...extra,
  });
}
