import { readFile } from 'node:fs/promises';
import type { PhaseContext } from '../../src/engine/phase.js';
import type { Resource } from '../../src/engine/resource.js';
import { file } from '../../src/engine/resources/index.js';
import type { CertRequest } from '../../src/pki/index.js';

export interface TlsTarget {
  /** Directory on the host, e.g. /etc/etcd/tls. */
  dir: string;
  owner: string;
  group?: string;
  /** Units that must restart to load new certificates. */
  notifies?: string | string[];
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
