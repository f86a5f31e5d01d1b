import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingIoHost, type CoreEvent } from '../../src/core/events.js';
import type { HostSpec, Inventory } from '../../src/inventory/model.js';
import { runInstall, runPlan, type EngineOptions } from '../../src/engine/engine.js';
import { FakeHost } from '../doubles/fake-host.js';
import type { Phase } from '../../src/engine/phase.js';
import { ConnectionPool } from '../../src/ssh/pool.js';

export function hostSpec(name: string, index: number): HostSpec {
  const address = (net: number) => `198.18.${net}.${10 + index}`;
  return {
    name,
    role: index < 3 ? 'control' : 'data',
    addresses: { management: address(0), application: address(1), storage: address(2) },
    resources: { vcpu: 4, memoryGiB: 8, diskGiB: 50 },
  };
}

export function inventoryOf(names: string[]): Inventory {
  return {
    apiVersion: 'datalyptica/v1',
    cluster: { name: 'test', domain: 'test.internal' },
    ssh: { user: 'root' },
    networks: { management: '198.18.0.0/24', application: '198.18.1.0/24', storage: '198.18.2.0/24' },
    vips: { haproxy: '198.18.0.100', postgresql: '198.18.0.101', redis: '198.18.0.102' },
    hosts: names.map(hostSpec),
  };
}

/** A cluster of fake hosts and a way to run the engine against it. */
export function fakeCluster(names: string[]) {
  const hosts = new Map(names.map((name) => [name, new FakeHost(name)]));
  const stateDir = join(mkdtempSync(join(tmpdir(), 'dl-engine-')), '.datalyptica');
  const inventory = inventoryOf(names);
  const options = (phases: Phase[], extra: Partial<EngineOptions> = {}) => {
    const io = new RecordingIoHost();
    const pool = new ConnectionPool(async (name) => hosts.get(name)!);
    return { io, opts: { inventory, phases, io, pool, stateDir, ...extra } satisfies EngineOptions };
  };
  return {
    hosts,
    host: (name: string) => hosts.get(name)!,
    stateDir,
    inventory,
    async install(phases: Phase[], extra: Partial<EngineOptions> = {}) {
      const { io, opts } = options(phases, extra);
      const summary = await runInstall(opts);
      return { summary, events: io.events };
    },
    async plan(phases: Phase[], extra: Partial<EngineOptions> = {}) {
      const { io, opts } = options(phases, extra);
      const summary = await runPlan(opts);
      return { summary, events: io.events };
    },
  };
}

export function tasks(events: CoreEvent[]) {
  return events.flatMap((event) => (event.type === 'task' ? [event] : []));
}
