import type { Phase, Step } from '../../src/engine/phase.js';
import { packages } from '../../src/engine/resources/index.js';
import { modulesGate } from './gate.js';
import { runsModule, type ServiceModule } from './module.js';

export interface ModulePhaseSpec {
  id: number;
  title: string;
  gateName: string;
  /** The phase's modules, in the order their steps run. */
  modules: readonly ServiceModule[];
}

/**
 * A phase made of service modules: the hosts running any of them; each module's preparation
 * steps; every package of the phase in one apt run per host, before anything is configured;
 * then each module's steps in order; and a gate from what the modules declare.
 */
export function modulePhase(spec: ModulePhaseSpec): Phase {
  const { modules } = spec;
  const phasePackages: Step = {
    name: 'packages',
    resources: (host, ctx) => [packages(modules.filter((module) => runsModule(module, ctx.topology, host.name)).flatMap((module) => module.packages?.(host, ctx) ?? []))],
  };
  return {
    id: spec.id,
    title: spec.title,
    hosts: (inventory, topology) => inventory.hosts.map((host) => host.name).filter((name) => modules.some((module) => runsModule(module, topology, name))),
    steps: [...modules.flatMap((module) => module.prepare ?? []), phasePackages, ...modules.flatMap((module) => module.steps)],
    gate: modulesGate(spec.gateName, modules),
  };
}
