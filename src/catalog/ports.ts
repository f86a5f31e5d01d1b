import type { PlacedService } from './types.js';

export interface PortClaim {
  service: string;
  instance: number;
  portName: string;
  /** The YAML path of the placement that claims the port. */
  source: Array<string | number>;
}

export interface PortCollision {
  host: string;
  port: number;
  protocol: 'tcp' | 'udp';
  /** The ids of the claiming instances, in placement order (an id twice for two instances). */
  services: string[];
  claims: PortClaim[];
}

/** Ports that two or more service instances on one host would both listen on. */
export function portCollisions(placed: readonly PlacedService[]): PortCollision[] {
  const byKey = new Map<string, PortCollision>();
  for (const instance of placed) {
    for (const port of instance.ports) {
      const protocol = port.protocol ?? 'tcp';
      const key = `${instance.host}\u0000${protocol}\u0000${port.port}`;
      let entry = byKey.get(key);
      if (entry === undefined) {
        entry = { host: instance.host, port: port.port, protocol, services: [], claims: [] };
        byKey.set(key, entry);
      }
      entry.services.push(instance.service.id);
      entry.claims.push({
        service: instance.service.id,
        instance: instance.instance,
        portName: port.name,
        source: instance.source,
      });
    }
  }
  return [...byKey.values()].filter((entry) => entry.claims.length > 1);
}
