import { Topology } from '../../src/config/index.js';
import type { Phase, Step } from '../../src/engine/phase.js';
import { packages, type PackageSpec } from '../../src/engine/resources/index.js';
import { pinnedPackage } from '../shared/packages.js';
import { dataLayerHealthy } from './gate.js';
import { bootstrapMember, otherMembers, patroniMember, pendingRestart, postgresMajor, postgresPackaging, runsPostgres } from './postgresql.js';
import { vipManager } from './vip-manager.js';

const SERVICES = ['postgresql', 'patroni', 'vip-manager'];

/** postgresql-common alone first: its createcluster.conf must say "no main cluster" before a server package installs. */
const postgresCommon: Step = {
  name: 'postgresql-common',
  hosts: runsPostgres,
  resources: () => [packages(['postgresql-common'])],
};

/** The server of the inventory's major version, Patroni and vip-manager, in one apt run per host. */
const dataPackages: Step = {
  name: 'packages',
  resources: (host, ctx) => {
    const topology = new Topology(ctx.inventory);
    const wanted: PackageSpec[] = [
      ...(topology.runs('postgresql', host.name) ? [`postgresql-${postgresMajor(ctx, host.name)}`] : []),
      ...(topology.runs('patroni', host.name) ? [pinnedPackage(topology, 'patroni', host.name, 'patroni')] : []),
      ...(topology.runs('vip-manager', host.name) ? [pinnedPackage(topology, 'vip-manager', host.name, 'vip-manager')] : []),
    ];
    return [packages(wanted)];
  },
};

/** The spec's phase 3: PostgreSQL with Patroni on the control plane, the PostgreSQL VIP with vip-manager. */
export const dataLayer: Phase = {
  id: 3,
  title: 'Data: PostgreSQL, Patroni, vip-manager',
  hosts: (inventory) => {
    const topology = new Topology(inventory);
    return inventory.hosts.map((host) => host.name).filter((name) => SERVICES.some((service) => topology.runs(service, name)));
  },
  steps: [postgresCommon, postgresPackaging, dataPackages, patroniMember, bootstrapMember, otherMembers, pendingRestart, vipManager],
  gate: dataLayerHealthy,
};
