/**
 * Pure parsers for the facts script's output (facts-script.ts): key=value lines, where `addr`,
 * `listen` and `probe.<key>.out` repeat. Missing facts stay undefined; the checks say so.
 */

export interface InterfaceAddress {
  iface: string;
  family: 'inet' | 'inet6';
  address: string;
  prefix: number;
}

export interface ListeningSocket {
  protocol: 'tcp' | 'udp';
  address: string;
  port: number;
  /** Empty when ss could not see the owner (another user's socket, not root). */
  processes: Array<{ name: string; pid: number }>;
}

export interface ProbeResult {
  tool: 'curl' | 'tcp' | 'none';
  exit: number;
  /** The HTTP status curl got; 0 when no HTTP answer came. */
  httpCode: number;
  /** First error line (curl's or bash's message). */
  error?: string;
}

export interface HostFacts {
  os: { id: string; idLike: string[]; versionId: string; prettyName: string };
  uid?: number;
  /** CPUs usable: nproc, capped by a cgroup CPU quota. */
  cpus?: number;
  /** Memory usable: MemTotal, capped by a cgroup memory limit. */
  memoryBytes?: number;
  data?: { path: string; device: string; mount: string; sizeBytes: number; availBytes: number };
  addresses: InterfaceAddress[];
  /** Undefined when ss is not installed. */
  listeners?: ListeningSocket[];
  /** Whether ss ran as root, so every socket's process is visible. */
  listenersPrivileged: boolean;
  sudo: { state: 'root' | 'ok' | 'fail' | 'unknown'; error?: string };
  /** The container technology (systemd-detect-virt -c), undefined on a VM or bare metal. */
  container?: string;
  ntpSynchronized?: boolean;
  /** The host's clock at the start and the end of the script, in seconds since the epoch. */
  hostTime?: { start: number; end: number };
  probes: Record<string, ProbeResult>;
}

/** Splits `key=value` lines; repeated keys keep every value in order. */
export function parseKeyValues(output: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    if (!/^[a-z][a-z0-9_.-]*$/.test(key)) continue; // noise from a login script, not ours
    const list = values.get(key) ?? [];
    list.push(line.slice(eq + 1));
    values.set(key, list);
  }
  return values;
}

function numberOrUndefined(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : undefined;
}

/** `ip -o addr show` lines: `2: eth0    inet 10.0.0.5/24 brd ... scope global eth0\ ...`. */
export function parseIpAddrLine(line: string): InterfaceAddress | undefined {
  const match = /^\d+:\s+(\S+?)(?:@\S+)?\s+(inet6?)\s+([^\s/]+)\/(\d+)/.exec(line);
  if (!match) return undefined;
  return { iface: match[1]!, family: match[2] as 'inet' | 'inet6', address: match[3]!, prefix: Number(match[4]) };
}

/** `ss -Hlntup` lines: `tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=641,fd=3))`. */
export function parseSsLine(line: string): ListeningSocket | undefined {
  const fields = line.trim().split(/\s+/);
  const [netid, , , , local] = fields;
  if ((netid !== 'tcp' && netid !== 'udp') || !local) return undefined;
  const colon = local.lastIndexOf(':');
  const port = Number(local.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port)) return undefined;
  // `[::]`, `127.0.0.53%lo`, `*`: the address without brackets or interface scope.
  const address = local.slice(0, colon).replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const processes = [...line.matchAll(/\("([^"]*)",pid=(\d+)/g)].map((m) => ({ name: m[1]!, pid: Number(m[2]) }));
  return { protocol: netid, address, port, processes };
}

/** cgroup v2 `cpu.max`: `max 100000` (no limit) or `200000 100000` (2 CPUs). */
export function cpuQuota(cpuMax: string | undefined): number | undefined {
  const [quota, period] = (cpuMax ?? '').trim().split(/\s+/);
  const q = Number(quota);
  const p = Number(period);
  return quota !== 'max' && Number.isFinite(q) && p > 0 ? Math.ceil(q / p) : undefined;
}

export function parseProbe(values: Map<string, string[]>, key: string): ProbeResult | undefined {
  const tool = values.get(`probe.${key}.tool`)?.[0];
  if (tool !== 'curl' && tool !== 'tcp' && tool !== 'none') return undefined;
  const out = values.get(`probe.${key}.out`) ?? [];
  const code = out.map((line) => /^http_code=(\d{3})$/.exec(line)).find(Boolean);
  const error = out.find((line) => line.trim() !== '' && !line.startsWith('http_code='));
  return {
    tool,
    exit: numberOrUndefined(values.get(`probe.${key}.exit`)?.[0]) ?? (tool === 'none' ? 0 : 1),
    httpCode: code ? Number(code[1]) : 0,
    ...(error ? { error: error.trim() } : {}),
  };
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}

export function parseFacts(output: string, probeKeys: readonly string[]): HostFacts {
  const values = parseKeyValues(output);
  const one = (key: string): string | undefined => values.get(key)?.[0];
  const memTotalKb = numberOrUndefined(one('mem.total_kb'));
  const sizeKb = numberOrUndefined(one('data.size_kb'));
  const availKb = numberOrUndefined(one('data.avail_kb'));
  const start = numberOrUndefined(one('time.start'));
  const end = numberOrUndefined(one('time.end'));
  const sudo = one('sudo');
  const container = one('container')?.trim();
  const ntp = one('ntp.synchronized')?.trim();
  const listenTool = one('listen.tool');
  const probes: Record<string, ProbeResult> = {};
  for (const key of probeKeys) {
    const probe = parseProbe(values, key);
    if (probe) probes[key] = probe;
  }
  return {
    os: {
      id: one('os.id')?.trim() ?? '',
      idLike: (one('os.id_like') ?? '').split(/\s+/).filter(Boolean),
      versionId: one('os.version_id')?.trim() ?? '',
      prettyName: one('os.pretty_name')?.trim() ?? '',
    },
    uid: numberOrUndefined(one('uid')),
    cpus: minDefined(numberOrUndefined(one('nproc')), cpuQuota(one('cgroup.cpu_max'))),
    memoryBytes: minDefined(memTotalKb === undefined ? undefined : memTotalKb * 1024, numberOrUndefined(one('cgroup.memory_max'))),
    ...(sizeKb !== undefined && availKb !== undefined
      ? { data: { path: one('data.path') ?? '/', device: one('data.device') ?? '', mount: one('data.mount') ?? '', sizeBytes: sizeKb * 1024, availBytes: availKb * 1024 } }
      : {}),
    addresses: (values.get('addr') ?? []).map(parseIpAddrLine).filter((a): a is InterfaceAddress => a !== undefined),
    ...(listenTool && listenTool !== 'none'
      ? { listeners: (values.get('listen') ?? []).map(parseSsLine).filter((s): s is ListeningSocket => s !== undefined) }
      : {}),
    listenersPrivileged: sudo === 'root' || listenTool === 'ss (sudo)',
    sudo: sudo === 'root' || sudo === 'ok' || sudo === 'fail' ? { state: sudo, ...(one('sudo.error') ? { error: one('sudo.error') } : {}) } : { state: 'unknown' },
    ...(container && container !== 'none' ? { container } : {}),
    ...(ntp === 'yes' || ntp === 'no' ? { ntpSynchronized: ntp === 'yes' } : {}),
    ...(start !== undefined && end !== undefined ? { hostTime: { start, end } } : {}),
    probes,
  };
}
