import { portOf, type Topology } from '../../../src/config/topology.js';

/** Where HAProxy's files live on a host. */
export const HAPROXY_PATHS = {
  config: '/etc/haproxy/haproxy.cfg',
  /** The CA that HAProxy checks backends' TLS certificates against (Patroni's REST API). */
  caFile: '/etc/haproxy/tls/ca.crt',
} as const;

/** An address HAProxy listens on; `transparent` lets it bind the VIP while another host holds it. */
export interface HaproxyBind {
  address: string;
  port: number;
  transparent: boolean;
}

export interface HaproxyServer {
  name: string;
  address: string;
  port: number;
  /** The rest of the `server` line (check options). */
  options: string;
}

/** One `listen` section, as a service module contributes it (ServiceModule.frontends). */
export interface HaproxyListener {
  name: string;
  mode: 'tcp' | 'http';
  binds: HaproxyBind[];
  /** Lines inside the section before the servers (balance, option, http-check, default-server ...). */
  lines: string[];
  servers: HaproxyServer[];
}

export interface HaproxyContext {
  hostName: string;
  timeoutCheckMs: number;
  stats: { binds: HaproxyBind[]; user: string; password: string };
  listeners: HaproxyListener[];
}

export interface HaproxySecrets {
  statsPassword: string;
}

export const HAPROXY_STATS_USER = 'admin';

/**
 * Binds for a listener: the host's application address, and the HAProxy VIP with
 * `transparent` (IP_FREEBIND/IP_TRANSPARENT while HAProxy still runs as root), so the socket
 * exists before keepalived moves the VIP here and no net.ipv4.ip_nonlocal_bind sysctl is
 * needed. Never 0.0.0.0: the baseline wants services on the application address only.
 */
/**
 * Checks for a backend that must fail over fast: every 1 s while stable; after a first failure
 * (fastinter) every 250 ms, so two failures (fall 2) mark a dead server down in ~1.25 s; a down
 * server is polled every 500 ms (downinter) and one success (rise 1) brings it back. A server
 * marked down loses its sessions at once, so its clients reconnect to the one that serves.
 * HAProxy's `timeout check` stays under the interval.
 */
export const FAILOVER_CHECK_TIMING = { interMs: 1000, fastInterMs: 250, downInterMs: 500, fall: 2, rise: 1 } as const;

/** The `default-server` line of a listener checked with FAILOVER_CHECK_TIMING. */
export function failoverCheckDefaults(): string {
  const t = FAILOVER_CHECK_TIMING;
  return `default-server inter ${t.interMs}ms fastinter ${t.fastInterMs}ms downinter ${t.downInterMs}ms fall ${t.fall} rise ${t.rise} on-marked-down shutdown-sessions`;
}

export function haproxyBinds(topology: Topology, hostName: string, port: number): HaproxyBind[] {
  return [
    { address: topology.appAddress(hostName), port, transparent: false },
    { address: topology.inventory.vips.haproxy, port, transparent: true },
  ];
}

/** `timeout check`: under every module's check interval (PostgreSQL's is 1 s). */
const TIMEOUT_CHECK_MS = 800;

/**
 * /etc/haproxy/haproxy.cfg: the stats page behind a password, then the `listen` sections that
 * the installed service modules contribute (PostgreSQL read-write and read-only, and later
 * phases' frontends), in registry order.
 */
export function haproxyContext(topology: Topology, hostName: string, secrets: HaproxySecrets, listeners: HaproxyListener[]): HaproxyContext {
  const self = topology.on('haproxy', hostName);
  return {
    hostName,
    timeoutCheckMs: TIMEOUT_CHECK_MS,
    stats: { binds: haproxyBinds(topology, hostName, portOf(self, 'stats')), user: HAPROXY_STATS_USER, password: secrets.statsPassword },
    listeners,
  };
}
