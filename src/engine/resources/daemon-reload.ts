import type { Resource } from '../resource.js';
import { call } from '../shell.js';

/**
 * A resource that writes a unit file or drop-in: once it applied, systemd re-reads its units,
 * so the restart that follows (the file's `notifies`) runs the new definition. It applies only
 * when the file differs, so a converged host never reloads.
 */
export function reloadsSystemd(resource: Resource): Resource {
  return {
    ...resource,
    async apply(ctx, observed) {
      const outcome = await resource.apply(ctx, observed);
      await ctx.run([call('systemctl', 'daemon-reload')], 'systemctl daemon-reload');
      return outcome;
    },
  };
}
