import type { Step } from '../../../src/engine/phase.js';
import { file, service } from '../../../src/engine/resources/index.js';
import { systemdDropIn } from '../../shared/systemd.js';
import { KEEPALIVED_PATHS, keepalivedContext } from './config.js';

export const KEEPALIVED_UNIT = 'keepalived.service';

/** keepalived holds the HAProxy VIP on the best host whose HAProxy answers (decisions: config.ts). */
export const keepalivedStep: Step = {
  name: 'keepalived',
  hosts: (host, ctx) => ctx.topology.runs('keepalived', host.name),
  resources: async (host, ctx) => {
    const context = keepalivedContext(ctx.topology, host.name, await ctx.facts(host.name));
    return [
      file({ path: KEEPALIVED_PATHS.checkScript, content: ctx.template('keepalived/check-haproxy.sh.hbs', context), mode: '0755', notifies: KEEPALIVED_UNIT }),
      file({ path: KEEPALIVED_PATHS.config, content: ctx.template('keepalived/keepalived.conf.hbs', context), mode: '0640', notifies: KEEPALIVED_UNIT }),
      systemdDropIn({ unit: KEEPALIVED_UNIT, name: 'datalyptica', content: ctx.template('systemd/keepalived-datalyptica.conf.hbs', context) }),
      service({ name: KEEPALIVED_UNIT }),
    ];
  },
};
