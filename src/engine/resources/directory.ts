import { DatalypticaError } from '../../core/errors.js';
import type { Resource } from '../resource.js';
import { call } from '../shell.js';
import { attributeChanges, parseDirState } from './observed.js';

export interface DirectorySpec {
  path: string;
  /** Octal, default `0755`. */
  mode?: string;
  owner?: string;
  group?: string;
}

/** A directory (and its parents) with a mode and owner; contents are left alone. */
export function directory(spec: DirectorySpec): Resource {
  const want = { mode: spec.mode ?? '0755', owner: spec.owner ?? 'root', group: spec.group ?? 'root' };
  return {
    kind: 'directory',
    name: `directory ${spec.path}`,
    probe: [call('dl_dir', spec.path)],
    check(observed) {
      const state = parseDirState(observed);
      if (state.kind === 'absent') return { status: 'change', detail: 'create' };
      if (state.kind === 'other') return { status: 'change', detail: 'exists but is not a directory' };
      const changes = attributeChanges(state, want);
      return changes.length === 0 ? { status: 'ok' } : { status: 'change', detail: changes.join(', ') };
    },
    async apply(ctx, observed) {
      if (parseDirState(observed).kind === 'other') {
        throw new DatalypticaError('E_NOT_A_DIRECTORY', `${ctx.host}: ${spec.path} exists but is not a directory`, { hint: 'move it away, then run again' });
      }
      await ctx.run([call('dl_mkdir', spec.path, want.mode, want.owner, want.group)], `create ${spec.path}`);
    },
  };
}
