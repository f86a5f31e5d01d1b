import { etcdContext, HOST_PATHS, Topology } from '../../src/config/index.js';
import type { HostSpec } from '../../src/inventory/model.js';
import type { PhaseContext, Step } from '../../src/engine/phase.js';
import { command, directory, file, service } from '../../src/engine/resources/index.js';
import { hostCertRequest } from '../../src/pki/index.js';
import { caCertificate, certificatePair } from '../shared/tls.js';

const UNIT = 'etcd.service';
/** Where Debian's package starts a single-node etcd of its own as it installs. */
const DEBIAN_DEFAULT_DATA = '/var/lib/etcd/default';

const runsEtcd = (host: HostSpec, ctx: PhaseContext) => new Topology(ctx.inventory).runs('etcd', host.name);

/**
 * The member of the static cluster: Debian's own single-node member stopped and its data
 * removed (a separate step: it only exists once the package installed), TLS files, the data
 * directory, /etc/default/etcd, and the unit running. All members restart together at the end
 * of the step, so they find each other at once.
 */
export const etcdMember: Step = {
  name: 'etcd member',
  hosts: runsEtcd,
  resources: async (host, ctx) => {
    const tls = { dir: HOST_PATHS.etcd.tlsDir, owner: 'etcd', notifies: UNIT };
    return [
      command({
        name: "remove Debian's default single-node etcd",
        run: `systemctl stop ${UNIT}; rm -rf ${DEBIAN_DEFAULT_DATA}`,
        unless: `test ! -e ${DEBIAN_DEFAULT_DATA}`,
      }),
      directory({ path: HOST_PATHS.etcd.dataDir, owner: 'etcd', group: 'etcd', mode: '0700' }),
      directory({ path: tls.dir, owner: 'etcd', group: 'etcd', mode: '0700' }),
      await caCertificate(ctx, tls),
      ...(await certificatePair(ctx, hostCertRequest(ctx.inventory, host.name), 'server', tls)),
      file({ path: HOST_PATHS.etcd.envFile, content: ctx.template('etcd/etcd.env.hbs', etcdContext(ctx.inventory, host.name)), notifies: UNIT }),
      service({ name: UNIT }),
    ];
  },
};
