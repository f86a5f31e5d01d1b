import type { Step } from '../../../src/engine/phase.js';
import { file, service } from '../../../src/engine/resources/index.js';
import { declaredSecrets } from '../../../src/secrets/index.js';
import { serviceModules } from '../../registry.js';
import { caCertificate } from '../../shared/tls.js';
import type { Topology } from '../../../src/config/topology.js';
import { HAPROXY_PATHS, haproxyContext, type HaproxyContext, type HaproxySecrets } from './config.js';

export const HAPROXY_UNIT = 'haproxy.service';
export const HAPROXY_SECRETS = { statsPassword: 'haproxy.stats' } as const;

/** haproxy.cfg's context on one host: the stats page and the frontends every module contributes, in registry order. */
export function haproxyHostContext(topology: Topology, host: string, secrets: HaproxySecrets): HaproxyContext {
  const listeners = serviceModules().flatMap((module) => module.frontends?.(topology, host) ?? []);
  return haproxyContext(topology, host, secrets, listeners);
}

/** HAProxy replaces the package's default config; backends' TLS checks verify against the cluster CA. */
export const haproxyConfig: Step = {
  name: 'HAProxy',
  hosts: (host, ctx) => ctx.topology.runs('haproxy', host.name),
  resources: async (host, ctx) => {
    const secrets = await declaredSecrets(await ctx.cluster.secrets(), HAPROXY_SECRETS);
    const caDir = HAPROXY_PATHS.caFile.slice(0, HAPROXY_PATHS.caFile.lastIndexOf('/'));
    return [
      await caCertificate(ctx, { dir: caDir, owner: 'root', notifies: HAPROXY_UNIT }),
      file({
        path: HAPROXY_PATHS.config,
        content: ctx.template('haproxy/haproxy.cfg.hbs', haproxyHostContext(ctx.topology, host.name, secrets)),
        owner: 'root',
        group: 'haproxy',
        mode: '0640',
        secret: true,
        notifies: HAPROXY_UNIT,
      }),
      service({ name: HAPROXY_UNIT }),
    ];
  },
};
