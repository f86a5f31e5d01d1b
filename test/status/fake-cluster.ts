import type { ProbeOutput } from '../../src/health/types.js';
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
  etcd?: ProbeOutput;
  patroni?: ProbeOutput;
  haproxy?: ProbeOutput;
}

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
    const output = (tool && state[tool]) ?? { code: 127, stdout: 'sh: 1: tool: not found\n' };
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

/** `dead`: connecting never finishes (a powered-off host behind a silent network). */
export type FakeHost = FakeHostState | 'dead';

export class FakeStatusPool implements StatusPool {
  readonly evicted: string[] = [];
  readonly transports = new Map<string, FakeStatusTransport>();
  constructor(readonly hosts: Record<string, FakeHost>) {}
  get(host: string): Promise<Transport> {
    const state = this.hosts[host];
    if (state === undefined) return Promise.reject(new Error(`no fake host ${host}`));
    if (state === 'dead') return new Promise(() => undefined);
    const transport = this.transports.get(host) ?? new FakeStatusTransport(host, () => this.hosts[host] as FakeHostState);
    this.transports.set(host, transport);
    return Promise.resolve(transport);
  }
  evict(host: string): void {
    this.evicted.push(host);
  }
}
