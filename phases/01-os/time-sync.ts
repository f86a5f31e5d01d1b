import type { Check, Resource } from '../../src/engine/resource.js';
import { call } from '../../src/engine/shell.js';
import { lines } from '../../src/engine/resources/observed.js';

/**
 * chrony enabled and running. In a container chrony's unit is skipped by design (it lacks
 * CAP_SYS_TIME: the container host owns the clock), which is the converged state there, not a
 * change to retry on every run.
 */
export function timeSync(unit = 'chrony.service'): Resource {
  const probe = `systemctl is-enabled ${unit} 2>/dev/null; systemctl is-active ${unit} 2>/dev/null; systemctl show -p ConditionResult --value ${unit} 2>/dev/null; systemd-detect-virt -c 2>/dev/null || true`;
  const parse = (observed: string) => {
    const [enabled = '', active = '', condition = '', virt = 'none'] = lines(observed);
    return { enabled: enabled === 'enabled', active: active === 'active', conditionFailed: condition === 'no', container: virt !== 'none' && virt !== '' };
  };
  return {
    kind: 'time-sync',
    name: `time sync ${unit}`,
    probe: [call('dl_sh', probe)],
    check(observed): Check {
      const state = parse(observed);
      if (state.enabled && state.active) return { status: 'ok' };
      if (state.enabled && state.container && state.conditionFailed) return { status: 'ok', note: 'clock owned by the container host' };
      return { status: 'change', detail: [state.enabled ? '' : 'enable', 'start'].filter(Boolean).join(', ') };
    },
    async apply(ctx) {
      await ctx.run([call('systemctl', 'enable', unit), call('systemctl', 'start', unit)], `start ${unit}`);
      return { restarted: [unit] };
    },
  };
}
