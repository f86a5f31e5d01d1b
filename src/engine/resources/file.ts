import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { DatalypticaError } from '../../core/errors.js';
import type { Check, Resource } from '../resource.js';
import { call } from '../shell.js';
import { attributeChanges, normalizeMode, parseFileState } from './observed.js';

const requireModule = createRequire(import.meta.url);
/** diff is read only for `plan` and `-v`; loading it there keeps it off every other command's start-up. */
function loadDiff(): typeof import('diff') {
  return requireModule('diff') as typeof import('diff');
}

export interface FileSpec {
  path: string;
  content: string | Buffer;
  /** Octal, default `0644`. */
  mode?: string;
  owner?: string;
  group?: string;
  /** Units to restart when this file changes. */
  notifies?: string | string[];
  /** Holds credentials: its diff is never shown. */
  secret?: boolean;
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function isBinary(content: string | Buffer): boolean {
  return typeof content !== 'string' && content.includes(0);
}

/**
 * A file with exact content, mode and owner. Written atomically (temp file in the same
 * directory, then rename) and the previous version kept as `<path>.datalyptica-prev`. The probe
 * compares sha256 digests, so only plan/-v fetch the remote content to show a diff.
 */
export function file(spec: FileSpec): Resource {
  const want = { mode: spec.mode ?? '0644', owner: spec.owner ?? 'root', group: spec.group ?? 'root' };
  const digest = sha256(spec.content);
  const notifies = spec.notifies === undefined ? undefined : [spec.notifies].flat();
  const contentDiffers = (observed: string) => {
    const state = parseFileState(observed);
    return state.kind !== 'present' || state.sha256 !== digest;
  };
  return {
    kind: 'file',
    name: `file ${spec.path}`,
    probe: [call('dl_file', spec.path)],
    notifies,
    check(observed): Check {
      const state = parseFileState(observed);
      if (state.kind === 'absent') return { status: 'change', detail: `create (${Buffer.byteLength(spec.content)} bytes, mode ${normalizeMode(want.mode)})` };
      if (state.kind === 'other') return { status: 'change', detail: 'exists but is not a regular file' };
      const changes = attributeChanges(state, want);
      if (state.sha256 !== digest) changes.unshift('content');
      return changes.length === 0 ? { status: 'ok' } : { status: 'change', detail: changes.join(', ') };
    },
    diffProbe: (observed) => (contentDiffers(observed) ? [call('dl_cat', spec.path)] : undefined),
    renderDiff(output) {
      if (spec.secret) return `--- ${spec.path}\n(secret content; diff not shown)\n`;
      const before = Buffer.from(output.trim(), 'base64');
      if (isBinary(spec.content) || before.includes(0)) return `--- ${spec.path}\n(binary content differs)\n`;
      return loadDiff().createTwoFilesPatch(spec.path, spec.path, before.toString('utf8'), spec.content.toString(), 'current', 'desired');
    },
    async apply(ctx, observed) {
      if (parseFileState(observed).kind === 'other') {
        throw new DatalypticaError('E_NOT_A_FILE', `${ctx.host}: ${spec.path} exists but is not a regular file`, { hint: 'move it away, then run again' });
      }
      if (contentDiffers(observed)) {
        const staged = await ctx.stage(spec.content);
        await ctx.run([call('dl_install_file', staged, spec.path, want.mode, want.owner, want.group)], `write ${spec.path}`);
      } else {
        await ctx.run([call('dl_set_attrs', spec.path, want.mode, want.owner, want.group)], `set attributes of ${spec.path}`);
      }
    },
  };
}
