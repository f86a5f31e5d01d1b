import { readFile } from 'node:fs/promises';
import type { Topology } from '../../src/config/topology.js';
import type { PhaseContext } from '../../src/engine/phase.js';
import type { Resource } from '../../src/engine/resource.js';
import { file } from '../../src/engine/resources/index.js';
import { hostCertRequest, type CertRequest } from '../../src/pki/index.js';
import { serviceModules } from '../registry.js';
import { runsModule } from './module.js';

export interface TlsTarget {
  /** Directory on the host, e.g. /etc/etcd/tls. */
  dir: string;
  owner: string;
  group?: string;
  /** Units that must restart to load new certificates. */
  notifies?: string | string[];
}

/**
 * The host certificate of a host: one per host, shared by every service on it that presents
 * one, with the extra names each module running there declares (clients reaching PostgreSQL
 * through either VIP verify the certificate of whichever member answers).
 */
export function hostCertificate(topology: Topology, host: string): CertRequest {
  const sans = serviceModules()
    .filter((module) => runsModule(module, topology, host))
    .flatMap((module) => module.hostCertificateSans?.(topology, host) ?? []);
  return hostCertRequest(topology, host, sans);
}

/** The hosts that need a host certificate: those running a module that presents one. */
export function tlsHosts(topology: Topology): string[] {
  const presenting = serviceModules().filter((module) => module.usesHostCertificate);
  return topology.inventory.hosts.map((host) => host.name).filter((host) => presenting.some((module) => runsModule(module, topology, host)));
}

/** The cluster CA certificate as `<dir>/ca.crt` (public: mode 0644). */
export async function caCertificate(ctx: PhaseContext, target: TlsTarget): Promise<Resource> {
  const ca = await ctx.cluster.pki.ensureCa();
  return file({ path: `${target.dir}/ca.crt`, content: ca.certPem, owner: target.owner, group: target.group ?? target.owner, notifies: target.notifies });
}

/**
 * A certificate issued by the cluster CA (issued once, reissued only when it must be) as
 * `<dir>/<stem>.crt` and its key as `<dir>/<stem>.key`, mode 0600 and never shown in a diff.
 */
export async function certificatePair(ctx: PhaseContext, request: CertRequest, stem: string, target: TlsTarget): Promise<Resource[]> {
  const issued = await ctx.cluster.pki.ensureCert(request);
  const key = await readFile(issued.keyPath, 'utf8');
  const attrs = { owner: target.owner, group: target.group ?? target.owner, notifies: target.notifies };
  return [
    file({ path: `${target.dir}/${stem}.crt`, content: issued.certPem, ...attrs }),
    file({ path: `${target.dir}/${stem}.key`, content: key, mode: '0600', secret: true, ...attrs }),
  ];
}
