/** Default placement on the spec's VMs: one instance on each named host. */
export function on(...hosts: string[]): Record<string, number> {
  return Object.fromEntries(hosts.map((host) => [host, 1]));
}

/** The spec's tables give memory in GB; the catalog counts MiB and reads GB as GiB. */
export function gib(value: number): number {
  return value * 1024;
}

/** Services of the three control-plane VMs. */
export const CONTROL_PLANE = on('vm1', 'vm2', 'vm3');

/** Packages taken from the OS repositories: the spec names no version for them. */
export const DISTRO_VERSION = 'distro';
