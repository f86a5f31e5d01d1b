import type { Resource } from '../../src/engine/resource.js';
import { reloadsSystemd } from '../../src/engine/resources/daemon-reload.js';
import { file } from '../../src/engine/resources/index.js';
import { call } from '../../src/engine/shell.js';

/**
 * A drop-in `/etc/systemd/system/<unit>.d/<name>.conf` changing a unit a package installed:
 * systemd re-reads units when it changed, and the unit restarts at the end of the step.
 */
export function systemdDropIn(spec: { unit: string; name: string; content: string }): Resource {
  const dropIn = file({ path: `/etc/systemd/system/${spec.unit}.d/${spec.name}.conf`, content: spec.content, notifies: spec.unit });
  return reloadsSystemd({ ...dropIn, kind: 'systemd-drop-in', name: `drop-in ${spec.unit}.d/${spec.name}.conf` });
}

/**
 * A config file the service re-reads on reload (SIGHUP): changing it reloads a running unit
 * instead of restarting it (a Patroni restart would stop PostgreSQL with it). `settleSeconds`
 * waits for a service that applies a reload asynchronously, so the next step sees the result.
 */
export function reloadsOnChange(resource: Resource, unit: string, settleSeconds = 0): Resource {
  return {
    ...resource,
    async apply(ctx, observed) {
      await resource.apply(ctx, observed);
      await ctx.run([call('dl_sh', `if systemctl is-active -q ${unit}; then systemctl reload ${unit} && sleep ${settleSeconds}; fi`)], `reload ${unit}`);
    },
  };
}
