import type { Inventory } from '../inventory/model.js';
import { HOST_PATHS } from './paths.js';
import { HAPROXY_CHECK_TIMING } from './timing.js';
import { portOf, Topology } from './topology.js';

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

/**
 * One `listen` section. Later phases append their own (Keycloak, Grafana, ...) to
 * `HaproxyContext.listeners` before rendering: the stats and PostgreSQL ones come first.
 */
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
export function haproxyBinds(inventory: Inventory, hostName: string, port: number): HaproxyBind[] {
  const topology = new Topology(inventory);
  return [
    { address: topology.appAddress(hostName), port, transparent: false },
    { address: inventory.vips.haproxy, port, transparent: true },
  ];
}

/**
 * /etc/haproxy/haproxy.cfg: the stats page behind a password, PostgreSQL read-write on the
 * member whose Patroni answers /primary with 200 and read-only on those answering /replica.
 * The checks speak TLS to Patroni's REST port and verify its certificate against the cluster
 * CA and the member's host name.
 */
export function haproxyContext(inventory: Inventory, hostName: string, secrets: HaproxySecrets): HaproxyContext {
  const topology = new Topology(inventory);
  const self = topology.on('haproxy', hostName);
  const bind = (port: number) => haproxyBinds(inventory, hostName, port);
  const t = HAPROXY_CHECK_TIMING;
  const patroniListener = (name: string, checkPath: string, balance: string): HaproxyListener => ({
    name,
    mode: 'tcp',
    binds: bind(portOf(self, name)),
    lines: [
      `balance ${balance}`,
      // PostgreSQL sessions idle for long: keepalives stop middleboxes from dropping them.
      'option tcpka',
      `option httpchk GET ${checkPath}`,
      'http-check expect status 200',
      // A server marked down loses its sessions at once, so no client keeps writing to a demoted primary.
      `default-server inter ${t.interMs}ms fastinter ${t.fastInterMs}ms downinter ${t.downInterMs}ms fall ${t.fall} rise ${t.rise} on-marked-down shutdown-sessions`,
    ],
    servers: topology.members('postgresql').map((member) => {
      const patroni = topology.on('patroni', member.host);
      return {
        name: member.host,
        address: topology.appAddress(member.host),
        port: portOf(member, 'postgresql'),
        options: `check port ${portOf(patroni, 'rest')} check-ssl verify required ca-file ${HOST_PATHS.haproxy.caFile} verifyhost ${member.host}`,
      };
    }),
  });
  return {
    hostName,
    timeoutCheckMs: t.timeoutCheckMs,
    stats: { binds: bind(portOf(self, 'stats')), user: HAPROXY_STATS_USER, password: secrets.statsPassword },
    listeners: [patroniListener('postgresql-primary', '/primary', 'first'), patroniListener('postgresql-replicas', '/replica', 'leastconn')],
  };
}
