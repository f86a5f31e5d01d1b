import { ETCD_HEALTH } from '../health/etcd.js';
import { HAPROXY_HEALTH, KEEPALIVED_HEALTH } from '../health/haproxy.js';
import { PATRONI_HEALTH, POSTGRESQL_HEALTH } from '../health/patroni.js';
import { VIP_MANAGER_HEALTH } from '../health/vip-manager.js';
import { HA_GROUPS } from '../ha-groups.js';
import type { ServiceDef } from '../types.js';
import { CONTROL_PLANE, DISTRO_VERSION, gib } from './units.js';

/** Phase 2 (coordination: etcd, keepalived + HAProxy) and phase 3 (PostgreSQL with Patroni). */
export const FOUNDATION_SERVICES: ServiceDef[] = [
  {
    id: 'etcd',
    dataDir: '/data/etcd',
    name: 'etcd',
    component: 'etcd',
    phase: 2,
    ports: [
      { name: 'client', port: 2379 },
      { name: 'peer', port: 2380 },
    ],
    memoryMiB: gib(2),
    minMemoryMiB: 128,
    cpu: 1,
    placement: CONTROL_PLANE,
    haGroup: HA_GROUPS.etcd,
    version: '3.5.16',
    runtime: 'native',
    health: ETCD_HEALTH,
  },
  {
    id: 'keepalived',
    name: 'Keepalived',
    component: 'keepalived',
    phase: 2,
    // VRRP is IP protocol 112, not a TCP/UDP port: nothing to list or collide with.
    ports: [],
    memoryMiB: 128,
    minMemoryMiB: 16,
    cpu: 0.1,
    placement: CONTROL_PLANE,
    haGroup: HA_GROUPS.haproxy,
    version: DISTRO_VERSION,
    runtime: 'native',
    health: KEEPALIVED_HEALTH,
    notes: 'Moves the HAProxy VIP (MASTER on vm1, BACKUP on vm2 and vm3); speaks VRRP (IP protocol 112).',
  },
  {
    id: 'haproxy',
    name: 'HAProxy',
    component: 'haproxy',
    phase: 2,
    ports: [
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
      { name: 'stats', port: 7000, note: 'not in the spec (REVIEW.md): stats page for health and Prometheus' },
      {
        name: 'postgresql-primary',
        port: 5000,
        note: 'not in the spec (REVIEW.md): routes to the Patroni leader by its /primary check on 8008',
      },
      {
        name: 'postgresql-replicas',
        port: 5001,
        note: 'not in the spec (REVIEW.md): routes to healthy replicas by their /replica check on 8008',
      },
    ],
    memoryMiB: 512,
    minMemoryMiB: 32,
    cpu: 0.5,
    placement: CONTROL_PLANE,
    haGroup: HA_GROUPS.haproxy,
    version: DISTRO_VERSION,
    runtime: 'native',
    health: HAPROXY_HEALTH,
  },
  {
    id: 'postgresql',
    dataDir: '/data/postgresql',
    name: 'PostgreSQL',
    component: 'postgresql',
    phase: 3,
    ports: [{ name: 'postgresql', port: 5432 }],
    memoryMiB: gib(16),
    minMemoryMiB: 256,
    cpu: 4,
    placement: CONTROL_PLANE,
    haGroup: HA_GROUPS.postgresql,
    version: '16.2',
    runtime: 'native',
    health: POSTGRESQL_HEALTH,
    notes: 'Patroni picks the synchronous standby; vm3 gets the nosync tag so that it stays on vm2 (REVIEW.md).',
  },
  {
    id: 'patroni',
    name: 'Patroni',
    component: 'patroni',
    phase: 3,
    ports: [{ name: 'rest', port: 8008, note: 'REST API for leader checks (HAProxy, vip-manager) and switchover' }],
    memoryMiB: 512,
    minMemoryMiB: 64,
    cpu: 0.5,
    placement: CONTROL_PLANE,
    haGroup: HA_GROUPS.postgresql,
    version: '3.3.2',
    runtime: 'python',
    health: PATRONI_HEALTH,
  },
  {
    id: 'vip-manager',
    name: 'vip-manager',
    component: 'vip-manager',
    phase: 3,
    // Holds the PostgreSQL VIP on the host whose Patroni owns the leader key in etcd: Patroni
    // itself does not move addresses (REVIEW.md "VIPs that nothing manages"). It only listens
    // to etcd, so it has no port.
    ports: [],
    memoryMiB: 64,
    minMemoryMiB: 16,
    cpu: 0.1,
    placement: CONTROL_PLANE,
    version: '2.6.0',
    runtime: 'native',
    health: VIP_MANAGER_HEALTH,
    notes: 'Not in the spec: the PostgreSQL VIP needs something that moves it.',
  },
];
