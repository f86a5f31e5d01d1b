import { DatalypticaError } from '../../core/errors.js';
import type { Resource } from '../resource.js';
import { call } from '../shell.js';
import { lines } from './observed.js';

export interface CommandSpec {
  /** Task name, e.g. `initialise the PostgreSQL cluster`. */
  name: string;
  /** Shell command run as root when the guard says it is needed. */
  run: string;
  /** Converged when this path exists (and must exist after running). */
  creates?: string;
  /** Converged when this shell command succeeds (and must succeed after running). */
  unless?: string;
  notifies?: string | string[];
  /** Bounds of the run (defaults: those of any apply, see host-session.ts); past one it is killed on the host. */
  timeoutMs?: number;
  idleTimeoutMs?: number;
}

/** A command made idempotent by a guard: `creates` a path, or `unless` a check succeeds. */
export function command(spec: CommandSpec): Resource {
  if (spec.creates === undefined && spec.unless === undefined) {
    throw new DatalypticaError('E_COMMAND_UNGUARDED', `command "${spec.name}" has neither creates nor unless`, {
      hint: 'give it a guard so a second run changes nothing',
    });
  }
  const probe = [...(spec.creates !== undefined ? [call('dl_exists', spec.creates)] : []), ...(spec.unless !== undefined ? [call('dl_test', spec.unless)] : [])];
  return {
    kind: 'command',
    name: spec.name,
    probe,
    notifies: spec.notifies === undefined ? undefined : [spec.notifies].flat(),
    timeoutMs: spec.timeoutMs,
    idleTimeoutMs: spec.idleTimeoutMs,
    check(observed) {
      const answers = lines(observed);
      // Either guard being satisfied means done, like Ansible's creates/unless.
      if (answers.includes('yes')) return { status: 'ok' };
      return { status: 'change', detail: `run: ${spec.run}` };
    },
    async apply(ctx) {
      await ctx.run([call('dl_sh', spec.run)], spec.name);
    },
  };
}
