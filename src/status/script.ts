import type { ProbeOutput } from '../health/types.js';
import { shellQuote } from '../ssh/sudo.js';

/**
 * The one script `status` sends to a host: the service checks start in the background (each
 * under `timeout`, so a hung tool costs at most that), then systemd, listening ports and IPv4
 * addresses are read, then each check's output is printed in order. Sections are marked by a
 * line no tool prints.
 */
const MARK = '@@datalyptica-status@@';

export interface HostFacts {
  /** Per unit: systemd's LoadState and ActiveState. */
  units: Map<string, { load: string; active: string }>;
  /** TCP ports something listens on (any address). */
  listening: Set<number>;
  /** IPv4 addresses on the host's interfaces. */
  addresses: Set<string>;
  /** Which of the paths the script was asked about exist (probes' `installedPath`). */
  paths: Set<string>;
  /** The output of each check, in the order they were given. */
  checks: ProbeOutput[];
}

export function statusScript(units: readonly string[], checks: readonly string[], probeTimeoutSeconds: number, paths: readonly string[] = []): string {
  const lines = ['d=$(mktemp -d) || exit 1'];
  checks.forEach((command, index) => {
    lines.push(`( timeout ${probeTimeoutSeconds} sh -c ${shellQuote(command)} >"$d/${index}" 2>&1; echo $? >"$d/${index}.rc" ) &`);
  });
  lines.push(
    `echo '${MARK} systemd'`,
    units.length > 0 ? `systemctl show --property=Id,LoadState,ActiveState -- ${units.map(shellQuote).join(' ')} 2>&1` : 'true',
    `echo '${MARK} ports'`,
    'ss -Hltn 2>&1',
    `echo '${MARK} addresses'`,
    'ip -o -4 addr show 2>&1',
    `echo '${MARK} paths'`,
    ...paths.map((path) => `[ -e ${shellQuote(path)} ] && echo ${shellQuote(path)}`),
    'wait',
  );
  checks.forEach((_, index) => lines.push(`echo '${MARK} check ${index}'`, `cat "$d/${index}"`, `echo; echo "${MARK} rc $(cat "$d/${index}.rc")"`));
  lines.push('rm -rf "$d"');
  return `${lines.join('\n')}\n`;
}

/** Whether the script got as far as its first section (sudo or the shell did not fail first). */
export function ranStatusScript(stdout: string): boolean {
  return stdout.includes(`${MARK} systemd\n`);
}

/** Splits the script's output back into its sections; a missing section reads as empty. */
export function parseStatusOutput(stdout: string, checkCount: number): HostFacts {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${MARK} `)) {
      const name = line.slice(MARK.length + 1);
      if (name.startsWith('rc ') && current) {
        current.push(line);
        continue;
      }
      current = [];
      sections.set(name, current);
    } else {
      current?.push(line);
    }
  }
  return {
    units: parseSystemdShow(sections.get('systemd') ?? []),
    listening: parseListening(sections.get('ports') ?? []),
    addresses: parseAddresses(sections.get('addresses') ?? []),
    paths: new Set((sections.get('paths') ?? []).filter((line) => line !== '')),
    checks: Array.from({ length: checkCount }, (_, index) => parseCheck(sections.get(`check ${index}`))),
  };
}

/** `systemctl show` prints one block of KEY=value lines per unit, blocks separated by a blank line. */
function parseSystemdShow(lines: string[]): HostFacts['units'] {
  const units: HostFacts['units'] = new Map();
  let block: Record<string, string> = {};
  const flush = () => {
    if (block.Id) units.set(block.Id, { load: block.LoadState ?? 'unknown', active: block.ActiveState ?? 'unknown' });
    block = {};
  };
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (line.trim() === '') flush();
    else if (eq > 0) block[line.slice(0, eq)] = line.slice(eq + 1);
  }
  flush();
  return units;
}

/** `ss -Hltn`: State Recv-Q Send-Q Local:Port Peer:Port; the port follows the last colon. */
function parseListening(lines: string[]): Set<number> {
  const ports = new Set<number>();
  for (const line of lines) {
    const local = line.trim().split(/\s+/)[3];
    const port = Number(local?.slice(local.lastIndexOf(':') + 1));
    if (Number.isInteger(port) && port > 0) ports.add(port);
  }
  return ports;
}

/** `ip -o -4 addr show`: `2: eth0    inet 198.18.21.11/24 brd ... scope global eth0 ...`. */
function parseAddresses(lines: string[]): Set<string> {
  const addresses = new Set<string>();
  for (const line of lines) {
    const match = /\sinet\s+([0-9.]+)\//.exec(line);
    if (match) addresses.add(match[1]!);
  }
  return addresses;
}

/** The check's output ends with the `echo` we add before its rc line; strip that one newline. */
function parseCheck(lines: string[] | undefined): ProbeOutput {
  if (!lines) return { code: 255, stdout: 'no output from the check' };
  const rcAt = lines.map((line) => line.startsWith(`${MARK} rc `)).lastIndexOf(true);
  const code = rcAt === -1 ? Number.NaN : Number(lines[rcAt]!.slice(MARK.length + 4));
  const body = lines.slice(0, rcAt === -1 ? lines.length : rcAt);
  if (body[body.length - 1] === '') body.pop();
  return { code: Number.isInteger(code) ? code : 255, stdout: body.join('\n') };
}
