import { Topology } from '../../src/config/index.js';
import type { Phase, Step } from '../../src/engine/phase.js';
import { packages } from '../../src/engine/resources/index.js';
import { pinnedPackage } from '../shared/packages.js';
import { etcdMember } from './etcd.js';
import { coordinationHealthy } from './gate.js';
import { haproxy, keepalived } from './load-balancer.js';

/** Each service of the phase and its distribution packages (etcdctl is in etcd-client, not etcd-server). */
const PACKAGES: Record<string, string[]> = {
  etcd: ['etcd-server', 'etcd-client'],
  haproxy: ['haproxy'],
  keepalived: ['keepalived'],
};

/** Every package of the phase in one apt run per host, before anything is configured. */
const coordinationPackages: Step = {
  name: 'packages',
  resources: (host, ctx) => {
    const topology = new Topology(ctx.inventory);
    const wanted = Object.entries(PACKAGES).flatMap(([service, names]) => (topology.runs(service, host.name) ? names.map((name) => pinnedPackage(topology, service, host.name, name)) : []));
    return [packages(wanted)];
  },
};

/** The spec's phase 2: etcd on the control plane, HAProxy behind the keepalived VIP. */
export const coordination: Phase = {
  id: 2,
  title: 'Coordination: etcd, HAProxy, keepalived',
  hosts: (inventory) => {
    const topology = new Topology(inventory);
    return inventory.hosts.map((host) => host.name).filter((name) => Object.keys(PACKAGES).some((service) => topology.runs(service, name)));
  },
  steps: [coordinationPackages, etcdMember, haproxy, keepalived],
  gate: coordinationHealthy,
};
