import { failedReport, type HealthCheck, type HealthProbe, type ProbeReport } from '../../../src/health/types.js';

/** The admin socket templates/haproxy/haproxy.cfg.hbs opens (`stats socket ... level admin`). */
export const HAPROXY_ADMIN_SOCKET = '/run/haproxy/admin.sock';

/**
 * Python is there wherever Patroni runs; socat often is not. Reads the whole answer: HAProxy
 * closes the socket after one command in non-interactive mode.
 */
const PYTHON_SHOW_STAT = [
  'import socket, sys',
  's = socket.socket(socket.AF_UNIX)',
  's.settimeout(0.8)',
  `s.connect("${HAPROXY_ADMIN_SOCKET}")`,
  's.sendall(b"show stat\\n")',
  'data = b""',
  'while True:',
  '    chunk = s.recv(65536)',
  '    if not chunk: break',
  '    data += chunk',
  'sys.stdout.write(data.decode())',
].join('\n');

/**
 * `show stat` on the admin socket (no password needed: the socket is root's), through socat
 * when installed, else python3. The stats CSV gives every listener's servers and their check
 * state; a listener without any server UP routes its clients nowhere.
 */
const haproxyCheck: HealthCheck = {
  command() {
    return `if command -v socat >/dev/null 2>&1; then echo 'show stat' | socat -t 0.8 stdio UNIX-CONNECT:${HAPROXY_ADMIN_SOCKET}; else python3 -c '${PYTHON_SHOW_STAT}'; fi`;
  },
  parse(output) {
    if (output.code !== 0) return failedReport(`HAProxy stats (${HAPROXY_ADMIN_SOCKET})`, output);
    const listeners = parseShowStat(output.stdout);
    if (!listeners) return { health: 'down', facts: [], problems: [`HAProxy stats: unreadable answer: ${output.stdout.trim().slice(0, 120)}`] };
    return backendReport(listeners);
  },
};

export interface ServerState {
  name: string;
  /** HAProxy's status column: UP, DOWN, UP 1/2 (going down), DOWN 1/2 (coming up), MAINT, no check. */
  status: string;
}

/** Servers per listener from the `show stat` CSV; FRONTEND and BACKEND summary rows are left out. */
export function parseShowStat(csv: string): Map<string, ServerState[]> | undefined {
  const lines = csv.split('\n').filter((line) => line.trim() !== '');
  const header = lines[0];
  if (!header?.startsWith('# ')) return undefined;
  const columns = header.slice(2).split(',');
  const [proxy, server, status] = ['pxname', 'svname', 'status'].map((name) => columns.indexOf(name));
  if (proxy === -1 || server === -1 || status === -1) return undefined;
  const listeners = new Map<string, ServerState[]>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const name = cells[server!] ?? '';
    if (name === 'FRONTEND' || name === 'BACKEND') continue;
    const listener = cells[proxy!] ?? '';
    listeners.set(listener, [...(listeners.get(listener) ?? []), { name, status: cells[status!] ?? '' }]);
  }
  return listeners;
}

function backendReport(listeners: Map<string, ServerState[]>): ProbeReport {
  const facts: string[] = [];
  const problems: string[] = [];
  for (const [listener, servers] of listeners) {
    facts.push(`${listener}: ${servers.map((server) => `${server.name} ${server.status}`).join(', ')}`);
    if (!servers.some((server) => server.status === 'UP' || server.status.startsWith('UP '))) problems.push(`${listener}: no server UP`);
  }
  return { health: problems.length > 0 ? 'degraded' : 'ok', facts, problems };
}

/** 80 and 443 listen once later phases add their frontends (Keycloak, Grafana, ...); they extend this list. */
export const HAPROXY_HEALTH: HealthProbe = { ports: ['stats', 'postgresql-primary', 'postgresql-replicas'], check: haproxyCheck };

/** keepalived holds the HAProxy VIP: `status` checks exactly one host has it. */
export const KEEPALIVED_HEALTH: HealthProbe = { vip: 'haproxy' };
