import { etcdRefused, etcdStatus, haproxyStat, patroniAnswer, patroniRefused, type PatroniRole } from './fixtures.js';
import type { FakeHost, FakeHostState } from './fake-cluster.js';

/** The lab's VIPs (test/config/lab-inventory.ts). */
export const VIP = { haproxy: '198.18.1.100', postgresql: '198.18.1.101' };

export interface ControlPlane {
  /** Undefined: the members that answer know no leader (lost quorum). */
  etcdLeader: string | undefined;
  etcdDown?: string[];
  roles: Record<string, PatroniRole | 'stopped'>;
  lag?: Record<string, number | 'unknown'>;
  /** Hosts holding each VIP (default: vm1 for HAProxy, the Patroni leader for PostgreSQL). */
  haproxyVip?: string[];
  postgresVip?: string[];
}

/** A control-plane host after phases 2-3, in the state `plane` describes. */
export function controlHost(host: string, plane: ControlPlane): FakeHostState {
  const etcdUp = !(plane.etcdDown ?? []).includes(host);
  const patroniUp = plane.roles[host] !== 'stopped';
  const leader = Object.entries(plane.roles).find(([, role]) => role === 'leader')?.[0];
  const replicas = Object.entries(plane.roles).filter(([, role]) => role === 'sync_standby' || role === 'replica').map(([name]) => name);
  const addresses = [`198.18.0.${10 + Number(host.slice(2))}`, `198.18.1.${10 + Number(host.slice(2))}`];
  if ((plane.haproxyVip ?? ['vm1']).includes(host)) addresses.push(VIP.haproxy);
  if ((plane.postgresVip ?? (leader ? [leader] : [])).includes(host)) addresses.push(VIP.postgresql);
  return {
    units: {
      'etcd.service': etcdUp ? 'active' : 'inactive',
      'haproxy.service': 'active',
      'keepalived.service': 'active',
      'patroni.service': patroniUp ? 'active' : 'inactive',
      'vip-manager.service': 'active',
    },
    listening: [22, 7000, 5000, 5001, ...(etcdUp ? [2379, 2380] : []), ...(patroniUp ? [8008, 5432] : [])],
    addresses,
    etcd: etcdUp ? etcdStatus(host, plane.etcdLeader) : etcdRefused(host),
    patroni: patroniUp ? patroniAnswer(host, plane.roles, plane.lag) : patroniRefused(host),
    haproxy: haproxyStat(leader ?? '', replicas),
  };
}

/** A data-plane host before phase 4: none of its services installed yet. */
export function emptyHost(host: string): FakeHostState {
  return { units: {}, listening: [22], addresses: [`198.18.0.${10 + Number(host.slice(2))}`] };
}

export const HEALTHY: ControlPlane = { etcdLeader: 'vm2', roles: { vm1: 'leader', vm2: 'sync_standby', vm3: 'replica' } };

export function cluster(plane: ControlPlane, overrides: Record<string, FakeHost> = {}): Record<string, FakeHost> {
  return {
    vm1: controlHost('vm1', plane),
    vm2: controlHost('vm2', plane),
    vm3: controlHost('vm3', plane),
    vm4: emptyHost('vm4'),
    vm5: emptyHost('vm5'),
    ...overrides,
  };
}
