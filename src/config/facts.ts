/**
 * What a context builder needs from a host that the inventory does not say. The phase finds
 * it on the host (e.g. `ip -o -4 addr show to <application address>` for the interface).
 */
export interface HostFacts {
  /** The network interface holding the host's application address: VIPs are added to it. */
  applicationInterface: string;
}

/** Where PostgreSQL's packages put their binaries. */
export type OsFamily = 'debian' | 'rhel';
