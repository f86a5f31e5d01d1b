/**
 * PostgreSQL memory settings from the memory the catalog gives PostgreSQL on this host (the
 * spec's 16 GB on a 128 GB host, less on a smaller one). The usual rules of thumb: a quarter
 * for shared_buffers, the planner assumes three quarters are cache, sorts and maintenance
 * get bounded slices so that max_connections busy sessions cannot exhaust the host.
 */
export interface PostgresMemory {
  sharedBuffers: string;
  effectiveCacheSize: string;
  workMem: string;
  maintenanceWorkMem: string;
}

export const MAX_CONNECTIONS = 200;

export function postgresMemory(memoryMiB: number): PostgresMemory {
  const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.floor(value)));
  const sharedBuffers = clamp(memoryMiB / 4, 32, 64 * 1024);
  return {
    sharedBuffers: `${sharedBuffers}MB`,
    effectiveCacheSize: `${clamp((memoryMiB * 3) / 4, 64, Number.MAX_SAFE_INTEGER)}MB`,
    // What is left after shared_buffers, shared by all sessions, a few sort nodes each.
    workMem: `${clamp((memoryMiB - sharedBuffers) / (MAX_CONNECTIONS * 2), 4, 256)}MB`,
    maintenanceWorkMem: `${clamp(memoryMiB / 16, 16, 2048)}MB`,
  };
}
