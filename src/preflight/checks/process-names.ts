import type { ServiceDef } from '../../catalog/types.js';

/**
 * Process names a service's listener shows in `ss` when the service itself holds the port
 * (an earlier install). A heuristic: the kernel's process name is the executable's, cut to
 * 15 characters; JVM services all show `java`, Python ones the interpreter or the web server.
 */
const ALIASES: Record<string, string[]> = {
  postgresql: ['postgres', 'postmaster'],
  redis: ['redis-server'],
  'redis-sentinel': ['redis-sentinel', 'redis-server'],
  'node-exporter': ['node_exporter', 'prometheus-node-exporter'],
  alertmanager: ['prometheus-alertmanager'],
  grafana: ['grafana-server'],
  clickhouse: ['clickhouse-server'],
  'clickhouse-keeper': ['clickhouse-keeper', 'clickhouse-server'],
  jupyterhub: ['configurable-http-proxy', 'node'],
};

const RUNTIME_NAMES: Record<string, string[]> = {
  jvm: ['java'],
  python: ['python', 'gunicorn', 'uvicorn'],
  native: [],
};

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function expectedProcessNames(service: ServiceDef): string[] {
  return [service.id, service.component, ...(ALIASES[service.id] ?? []), ...RUNTIME_NAMES[service.runtime ?? 'native']!];
}

/** Whether a process name looks like the service: equal, a truncation, or a versioned interpreter (python3.11). */
export function processLooksLike(processName: string, service: ServiceDef): boolean {
  const proc = normalise(processName);
  if (proc.length < 4) return false;
  return expectedProcessNames(service).some((candidate) => {
    const expected = normalise(candidate);
    return proc === expected || expected.startsWith(proc) || proc.startsWith(expected);
  });
}
