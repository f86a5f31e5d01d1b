import { haproxyContext, HOST_PATHS, keepalivedContext, Topology } from '../../src/config/index.js';
import type { HostSpec } from '../../src/inventory/model.js';
import type { PhaseContext, Step } from '../../src/engine/phase.js';
import { file, service } from '../../src/engine/resources/index.js';
import { phaseSecrets } from '../../src/secrets/index.js';
import { systemdDropIn } from '../shared/systemd.js';
import { caCertificate } from '../shared/tls.js';

const HAPROXY = 'haproxy.service';
const KEEPALIVED = 'keepalived.service';

const runsHaproxy = (host: HostSpec, ctx: PhaseContext) => new Topology(ctx.inventory).runs('haproxy', host.name);
const runsKeepalived = (host: HostSpec, ctx: PhaseContext) => new Topology(ctx.inventory).runs('keepalived', host.name);

/** HAProxy replaces the package's default config; its Patroni checks verify TLS against the cluster CA. */
export const haproxy: Step = {
  name: 'HAProxy',
  hosts: runsHaproxy,
  resources: async (host, ctx) => {
    const secrets = await phaseSecrets(await ctx.cluster.secrets());
    const caDir = HOST_PATHS.haproxy.caFile.slice(0, HOST_PATHS.haproxy.caFile.lastIndexOf('/'));
    return [
      await caCertificate(ctx, { dir: caDir, owner: 'root', notifies: HAPROXY }),
      file({
        path: HOST_PATHS.haproxy.config,
        content: ctx.template('haproxy/haproxy.cfg.hbs', haproxyContext(ctx.inventory, host.name, secrets.haproxy)),
        owner: 'root',
        group: 'haproxy',
        mode: '0640',
        secret: true,
        notifies: HAPROXY,
      }),
      service({ name: HAPROXY }),
    ];
  },
};

/** keepalived holds the HAProxy VIP on the best host whose HAProxy answers (decisions: src/config/keepalived.ts). */
export const keepalived: Step = {
  name: 'keepalived',
  hosts: runsKeepalived,
  resources: async (host, ctx) => {
    const context = keepalivedContext(ctx.inventory, host.name, await ctx.facts(host.name));
    return [
      file({ path: HOST_PATHS.keepalived.checkScript, content: ctx.template('keepalived/check-haproxy.sh.hbs', context), mode: '0755', notifies: KEEPALIVED }),
      file({ path: HOST_PATHS.keepalived.config, content: ctx.template('keepalived/keepalived.conf.hbs', context), mode: '0640', notifies: KEEPALIVED }),
      systemdDropIn({ unit: KEEPALIVED, name: 'datalyptica', content: ctx.template('systemd/keepalived-datalyptica.conf.hbs', { vip: context.vip, vipPrefixLength: context.vipPrefixLength, interface: context.interface }) }),
      service({ name: KEEPALIVED }),
    ];
  },
};
