import type { Check, Resource } from '../resource.js';
import { call } from '../shell.js';
import { file } from './file.js';
import { lines } from './observed.js';

/** `dl_unit` prints `<is-enabled> <is-active>`. */
function unitState(line: string | undefined): { enabled: boolean; active: boolean } {
  const [enabled, active] = (line ?? '').split(' ');
  return { enabled: enabled === 'enabled', active: active === 'active' || active === 'activating' || active === 'reloading' };
}

function stateChanges(line: string | undefined, want: { enabled: boolean; started: boolean }): string[] {
  const state = unitState(line);
  const changes: string[] = [];
  if (state.enabled !== want.enabled) changes.push(want.enabled ? 'enable' : 'disable');
  if (state.active !== want.started) changes.push(want.started ? 'start' : 'stop');
  return changes;
}

function stateCommands(unit: string, line: string | undefined, want: { enabled: boolean; started: boolean }): string[] {
  const state = unitState(line);
  const commands: string[] = [];
  if (state.enabled !== want.enabled) commands.push(call('systemctl', want.enabled ? 'enable' : 'disable', unit));
  if (state.active !== want.started) commands.push(call('systemctl', want.started ? 'start' : 'stop', unit));
  return commands;
}

export interface ServiceSpec {
  /** Unit name, e.g. `chrony.service`. */
  name: string;
  enabled?: boolean;
  /** Default true. */
  started?: boolean;
}

/** The enabled/started state of a unit that something else installed (a package's unit). */
export function service(spec: ServiceSpec): Resource {
  const want = { enabled: spec.enabled ?? true, started: spec.started ?? true };
  return {
    kind: 'service',
    name: `service ${spec.name}`,
    probe: [call('dl_unit', spec.name)],
    check(observed) {
      const changes = stateChanges(lines(observed)[0], want);
      return changes.length === 0 ? { status: 'ok' } : { status: 'change', detail: changes.join(', ') };
    },
    async apply(ctx, observed) {
      await ctx.run(stateCommands(spec.name, lines(observed)[0], want), `${spec.name} state`);
      return { restarted: want.started && !unitState(lines(observed)[0]).active ? [spec.name] : [] };
    },
  };
}

export interface SystemdUnitSpec extends ServiceSpec {
  /** Unit file content, written to /etc/systemd/system/<name>. */
  content: string;
}

/**
 * A unit we own: its file, daemon-reload when it changed, enabled and started; restarted when
 * its file changed while it ran. Config files restart it by declaring `notifies: '<name>'`.
 */
export function systemdUnit(spec: SystemdUnitSpec): Resource {
  const want = { enabled: spec.enabled ?? true, started: spec.started ?? true };
  const unitFile = file({ path: `/etc/systemd/system/${spec.name}`, content: spec.content });
  return {
    kind: 'systemd-unit',
    name: `unit ${spec.name}`,
    probe: [...unitFile.probe, call('dl_unit', spec.name)],
    check(observed): Check {
      const [fileLine = '', unitLine] = lines(observed);
      const fileCheck = unitFile.check(fileLine);
      const changes = [...(fileCheck.status === 'change' ? [`unit file ${fileCheck.detail}`] : []), ...stateChanges(unitLine, want)];
      return changes.length === 0 ? { status: 'ok' } : { status: 'change', detail: changes.join(', ') };
    },
    diffProbe: (observed) => unitFile.diffProbe?.(lines(observed)[0] ?? ''),
    renderDiff: (output) => unitFile.renderDiff?.(output),
    async apply(ctx, observed) {
      const [fileLine = '', unitLine] = lines(observed);
      const fileChanged = unitFile.check(fileLine).status !== 'ok';
      if (fileChanged) {
        await unitFile.apply(ctx, fileLine);
        await ctx.run([call('systemctl', 'daemon-reload')], 'systemctl daemon-reload');
      }
      const wasActive = unitState(unitLine).active;
      const commands = stateCommands(spec.name, unitLine, want);
      if (fileChanged && wasActive && want.started) commands.push(call('systemctl', 'restart', spec.name));
      if (commands.length > 0) await ctx.run(commands, `${spec.name} state`);
      return { restarted: want.started && (fileChanged || !wasActive) ? [spec.name] : [] };
    },
  };
}
