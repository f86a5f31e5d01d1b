import { Socket } from 'node:net';
import { DatalypticaError } from '../../src/core/errors.js';
import type { ProbeOutput } from '../../src/health/types.js';
import { dial } from '../../src/ssh/pool.js';
import type { StatusPool } from '../../src/status/index.js';
import type { ExecOptions, ExecResult, Transport } from '../../src/ssh/transport.js';

/**
 * A host as `status` sees it: answers the status script the way a shell would, from a small
 * description (units, listening ports, addresses, and the output of each tool).
 */
export interface FakeHostState {
  /** Unit name -> ActiveState; a unit not listed does not exist (LoadState=not-found). */
  units: Record<string, string>;
  listening: number[];
  addresses: string[];
  etcd?: FakeTool;
  patroni?: FakeTool;
  haproxy?: FakeTool;
}

/** A tool's answer; with `takesSeconds` above the script's `timeout`, the check reads as timed out (124). */
export type FakeTool = ProbeOutput & { takesSeconds?: number };

const MARK = '@@datalyptica-status@@';

/** Which tool a background check line runs, by what its command names. */
function toolOf(line: string): 'etcd' | 'patroni' | 'haproxy' | undefined {
  if (line.includes('etcdctl')) return 'etcd';
  if (line.includes('/patroni')) return 'patroni';
  if (line.includes('admin.sock')) return 'haproxy';
  return undefined;
}

/** Runs the status script "on" a fake host: the same sections, in the same order, as sh would print. */
export function answerScript(script: string, state: FakeHostState): string {
  const lines = script.split('\n');
  // A check's command can span lines (the Python fallback); each starts with "( timeout".
  const checks = lines.filter((line) => line.startsWith('( timeout')).map(toolOf);
  const bound = Number(/^\( timeout (\d+(?:\.\d+)?) /m.exec(script)?.[1] ?? Infinity);
  const unitsLine = lines.find((line) => line.startsWith('systemctl show')) ?? '';
  const units = [...unitsLine.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
  const out = [`${MARK} systemd`];
  out.push(
    units
      .map((unit) => {
        const active = state.units[unit];
        return `Id=${unit}\nLoadState=${active === undefined ? 'not-found' : 'loaded'}\nActiveState=${active ?? 'inactive'}`;
      })
      .join('\n\n'),
  );
  out.push(`${MARK} ports`, ...state.listening.map((port) => `LISTEN 0      4096   198.18.1.11:${port}      0.0.0.0:*`));
  out.push(`${MARK} addresses`, ...state.addresses.map((address, index) => `2: eth0    inet ${address}/24 scope global ${index > 0 ? 'secondary ' : ''}eth0\\       valid_lft forever preferred_lft forever`));
  checks.forEach((tool, index) => {
    const tooSlow = (tool && (state[tool]?.takesSeconds ?? 0) > bound) || false;
    const output = tooSlow ? { code: 124, stdout: '' } : ((tool && state[tool]) ?? { code: 127, stdout: 'sh: 1: tool: not found\n' });
    out.push(`${MARK} check ${index}`, `${output.stdout}`, `${MARK} rc ${output.code}`);
  });
  return `${out.join('\n')}\n`;
}

export class FakeStatusTransport implements Transport {
  readonly user = 'root';
  readonly scripts: string[] = [];
  constructor(
    readonly host: string,
    private readonly state: () => FakeHostState,
  ) {}
  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (!options.sudo) throw new Error('status must run its script as root');
    this.scripts.push(command);
    return { code: 0, stdout: answerScript(command, this.state()), stderr: '' };
  }
  async upload(): Promise<void> {}
  async uploadFile(): Promise<void> {}
  async close(): Promise<void> {}
}

/**
 * - `off`: powered off: its TCP looks go unanswered (the real dial, over sockets that never connect);
 * - `hung`: takes the connection and never answers;
 * - `lateMs`: answers, but only this long after it was asked (a busy host);
 * - `lostOnce`: its first connection breaks mid-command, the next one answers.
 */
export type FakeHost = FakeHostState | 'off' | 'hung' | { lateMs: number; state: FakeHostState } | { lostOnce: FakeHostState };

/** The reach looks of the fake pool: short, so an `off` host is told within 50 ms + margin. */
export const FAKE_LOOKS_MS = [30, 20];

export class FakeStatusPool implements StatusPool {
  readonly evicted: string[] = [];
  readonly transports = new Map<string, FakeStatusTransport>();
  private readonly broken = new Set<string>();
  constructor(readonly hosts: Record<string, FakeHost>) {}
  get(host: string): Promise<Transport> {
    const fake = this.hosts[host];
    if (fake === undefined) return Promise.reject(new Error(`no fake host ${host}`));
    if (fake === 'off') {
      return dial({ host, address: `fake-${host}`, port: 22, user: 'root' }, FAKE_LOOKS_MS, () => new Socket()).then(() => Promise.reject(new Error('a socket that never connects did')));
    }
    if (fake === 'hung') return new Promise(() => undefined);
    const state = 'lateMs' in fake ? fake.state : 'lostOnce' in fake ? fake.lostOnce : fake;
    let transport = this.transports.get(host);
    if (!transport) {
      transport = new FakeStatusTransport(host, () => state);
      this.transports.set(host, transport);
    }
    if ('lostOnce' in fake && !this.broken.has(host)) {
      this.broken.add(host);
      return Promise.resolve(lostTransport(host));
    }
    const ready = transport;
    return 'lateMs' in fake ? new Promise((resolve) => setTimeout(() => resolve(ready), fake.lateMs)) : Promise.resolve(ready);
  }
  evict(host: string): void {
    this.evicted.push(host);
  }
}

function lostTransport(host: string): Transport {
  const lost = () => Promise.reject(new DatalypticaError('E_SSH_LOST', `${host}: SSH connection lost: read ECONNRESET`));
  return { host, user: 'root', exec: lost, upload: lost, uploadFile: lost, close: async () => undefined };
}
