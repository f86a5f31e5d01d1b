import { placeServices, SERVICES } from '../catalog/index.js';
import type { Inventory } from '../inventory/model.js';
import { moveStrategy } from './move-strategies.js';
import type { MigrationStep, NewHost, ServiceMove } from './types.js';

/** The spec's installation phases, by number. */
export const PHASE_TITLES: Record<number, string> = {
  1: 'OS preparation',
  2: 'coordination (etcd, keepalived, HAProxy)',
  3: 'data (PostgreSQL, Patroni)',
  4: 'streaming (Kafka, Schema Registry, Kafka Connect)',
  5: 'catalog (Nessie)',
  6: 'processing (Spark, Flink)',
  7: 'query (Trino, ClickHouse)',
  8: 'analytics (Airflow, JupyterHub, MLflow, Superset)',
  9: 'IAM (Keycloak, Redis)',
  10: 'monitoring',
};

function hostsRunning(inventory: Inventory): Map<string, Set<string>> {
  const byService = new Map<string, Set<string>>();
  for (const instance of placeServices(inventory)) {
    const hosts = byService.get(instance.service.id) ?? new Set<string>();
    hosts.add(instance.host);
    byService.set(instance.service.id, hosts);
  }
  return byService;
}

/** Per service, the hosts it leaves and the hosts it starts on, in installation-phase order. */
export function serviceMoves(current: Inventory, next: Inventory): ServiceMove[] {
  const before = hostsRunning(current);
  const after = hostsRunning(next);
  return SERVICES.flatMap((def) => {
    const was = before.get(def.id) ?? new Set<string>();
    const will = after.get(def.id) ?? new Set<string>();
    const from = [...was].filter((host) => !will.has(host));
    const to = [...will].filter((host) => !was.has(host));
    if (from.length === 0 && to.length === 0) return [];
    const strategy = moveStrategy(def.id, from.length > 0);
    return [{ service: def.id, from, to, phase: def.phase, how: strategy.how, downtimeMinutes: strategy.minutes, downtime: strategy.downtime }];
  });
}

const list = (hosts: readonly string[]) => hosts.join(', ');

/**
 * The migration in the order that keeps the cluster serving: new hosts first, then phase by
 * phase (the order the platform was installed in, so dependencies exist before dependants)
 * start every moved service on its new hosts, and only then retire the old instances.
 */
export function migrationSteps(moves: readonly ServiceMove[], newHosts: readonly NewHost[], inventoryFile: string): MigrationStep[] {
  const steps: MigrationStep[] = [];
  if (newHosts.length > 0) {
    steps.push({
      title: `Provision ${newHosts.length} new VM${newHosts.length === 1 ? '' : 's'}`,
      actions: newHosts.map((host) => `${host.name}: ${host.resources.vcpu} vCPU, ${host.resources.memoryGiB} GiB RAM, ${host.resources.diskGiB} GiB SSD; management ${host.addresses.management}, application ${host.addresses.application}, storage ${host.addresses.storage} (${host.purpose})`),
    });
    steps.push({
      title: 'Check the next inventory and prepare the new hosts (phase 1)',
      actions: [`datalyptica validate -i ${inventoryFile}`, `datalyptica install -i ${inventoryFile} --phase 1 --hosts ${newHosts.map((host) => host.name).join(",")}`],
    });
  }
  const phases = [...new Set(moves.map((move) => move.phase))].sort((a, b) => a - b);
  for (const phase of phases) {
    const inPhase = moves.filter((move) => move.phase === phase);
    const actions = [`datalyptica install -i ${inventoryFile} --phase ${phase}`];
    for (const move of inPhase) {
      if (move.to.length > 0) actions.push(`${move.service}: start on ${list(move.to)}${move.from.length > 0 ? ` (${move.how})` : ''}`);
    }
    for (const move of inPhase) {
      if (move.from.length > 0) actions.push(`${move.service}: once healthy elsewhere, stop and disable it on ${list(move.from)}; downtime ${move.downtime}`);
    }
    steps.push({ title: `Phase ${phase}, ${PHASE_TITLES[phase] ?? 'services'}`, actions });
  }
  if (moves.some((move) => move.from.length > 0 || move.to.length > 0)) {
    steps.push({
      title: 'Re-route and re-scrape',
      actions: [
        `datalyptica install -i ${inventoryFile} --phase 2   # HAProxy backends follow the moved services`,
        `datalyptica install -i ${inventoryFile} --phase 10  # Prometheus scrapes the new hosts`,
        `make ${inventoryFile} the cluster's inventory (keep the old one as a record)`,
      ],
    });
  }
  return steps;
}
