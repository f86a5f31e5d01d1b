import type { Step } from '../../../src/engine/phase.js';
import { directory, file, service } from '../../../src/engine/resources/index.js';
import { clientCertRequest } from '../../../src/pki/index.js';
import { systemdDropIn } from '../../shared/systemd.js';
import { caCertificate, certificatePair } from '../../shared/tls.js';
import { VIP_MANAGER_PATHS, vipManagerContext } from './config.js';

const UNIT = 'vip-manager.service';

/** vip-manager holds the PostgreSQL VIP on the host Patroni's leader key names; run from our YAML (see the drop-in). */
export const vipManagerStep: Step = {
  name: 'vip-manager',
  hosts: (host, ctx) => ctx.topology.runs('vip-manager', host.name),
  resources: async (host, ctx) => {
    const context = vipManagerContext(ctx.topology, host.name, await ctx.facts(host.name));
    const tls = { dir: VIP_MANAGER_PATHS.tlsDir, owner: 'root', notifies: UNIT };
    return [
      directory({ path: tls.dir, mode: '0700' }),
      await caCertificate(ctx, tls),
      ...(await certificatePair(ctx, clientCertRequest('vip-manager'), 'etcd-client', tls)),
      file({ path: VIP_MANAGER_PATHS.config, content: ctx.template('vip-manager/vip-manager.yml.hbs', context), notifies: UNIT }),
      systemdDropIn({ unit: UNIT, name: 'datalyptica', content: ctx.template('systemd/vip-manager-datalyptica.conf.hbs', context) }),
      service({ name: UNIT }),
    ];
  },
};
