import type { Step } from '../../../src/engine/phase.js';
import { command, directory, file, service } from '../../../src/engine/resources/index.js';
import { rollingByProbe } from '../../shared/gate.js';
import { caCertificate, certificatePair, hostCertificate } from '../../shared/tls.js';
import { ETCD_PATHS, etcdContext } from './config.js';
import { ETCD_HEALTH } from './health.js';

export const ETCD_UNIT = 'etcd.service';
/** Where Debian's package starts a single-node etcd of its own as it installs. */
const DEBIAN_DEFAULT_DATA = '/var/lib/etcd/default';

/**
 * The member of the static cluster: Debian's own single-node member stopped and its data
 * removed (it only exists once the package installed), TLS files, the data directory,
 * /etc/default/etcd, and the unit running. On a new cluster all members start together, so
 * they find each other at once; on a running one a change restarts one member at a time.
 */
export const etcdMember: Step = {
  name: 'etcd member',
  hosts: (host, ctx) => ctx.topology.runs('etcd', host.name),
  rollout: rollingByProbe('etcd', ETCD_HEALTH),
  resources: async (host, ctx) => {
    const tls = { dir: ETCD_PATHS.tlsDir, owner: 'etcd', notifies: ETCD_UNIT };
    return [
      command({
        name: "remove Debian's default single-node etcd",
        run: `systemctl stop ${ETCD_UNIT}; rm -rf ${DEBIAN_DEFAULT_DATA}`,
        unless: `test ! -e ${DEBIAN_DEFAULT_DATA}`,
      }),
      directory({ path: ETCD_PATHS.dataDir, owner: 'etcd', group: 'etcd', mode: '0700' }),
      directory({ path: tls.dir, owner: 'etcd', group: 'etcd', mode: '0700' }),
      await caCertificate(ctx, tls),
      ...(await certificatePair(ctx, hostCertificate(ctx.topology, host.name), 'server', tls)),
      file({ path: ETCD_PATHS.envFile, content: ctx.template('etcd/etcd.env.hbs', etcdContext(ctx.topology, host.name)), notifies: ETCD_UNIT }),
      service({ name: ETCD_UNIT }),
    ];
  },
};
