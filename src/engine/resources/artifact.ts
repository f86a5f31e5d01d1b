import { posix } from 'node:path';
import type { ArtifactSource, Resource } from '../resource.js';
import { call } from '../shell.js';
import { attributeChanges, lines, parseFileState } from './observed.js';

export interface ArtifactSpec {
  source: ArtifactSource;
  /** With `extract`: the directory to unpack into (replaced as a whole). Without: the file path. */
  dest: string;
  /** Unpack a tar archive (any compression tar detects), dropping `strip` leading path components. */
  extract?: { strip: number };
  owner?: string;
  group?: string;
  /** For a plain file only. Octal, default `0644`. */
  mode?: string;
  notifies?: string | string[];
}

const MARKER = '.datalyptica-artifact';

/**
 * A release archive or file, downloaded once on the control machine (cached and sha256-checked),
 * pushed over SFTP so hosts need no internet, checked again on the host, then unpacked into a
 * fresh directory swapped in place. A marker holding the sha256 makes a second run a no-op.
 */
export function artifact(spec: ArtifactSpec): Resource {
  const want = { mode: spec.mode ?? '0644', owner: spec.owner ?? 'root', group: spec.group ?? 'root' };
  const sha = spec.source.sha256.toLowerCase();
  const extract = spec.extract;
  return {
    kind: 'artifact',
    name: `artifact ${spec.source.fileName} -> ${spec.dest}`,
    probe: extract ? [call('dl_line', posix.join(spec.dest, MARKER))] : [call('dl_file', spec.dest)],
    notifies: spec.notifies === undefined ? undefined : [spec.notifies].flat(),
    check(observed) {
      if (extract) {
        const marker = lines(observed)[0];
        return marker === sha ? { status: 'ok' } : { status: 'change', detail: marker === 'absent' ? 'unpack' : 'replace with another version' };
      }
      const state = parseFileState(observed);
      if (state.kind !== 'present') return { status: 'change', detail: 'install' };
      const changes = [...(state.sha256 !== sha ? ['content'] : []), ...attributeChanges(state, want)];
      return changes.length === 0 ? { status: 'ok' } : { status: 'change', detail: changes.join(', ') };
    },
    async apply(ctx, observed) {
      if (!extract && parseFileState(observed).sha256 === sha) {
        await ctx.run([call('dl_set_attrs', spec.dest, want.mode, want.owner, want.group)], `set attributes of ${spec.dest}`);
        return;
      }
      const staged = await ctx.stageFile(await ctx.artifacts.fetch(spec.source));
      const install = extract
        ? [call('dl_extract', staged, spec.dest, extract.strip, sha, want.owner, want.group)]
        : [call('dl_verify_sha', staged, sha), call('dl_install_file', staged, spec.dest, want.mode, want.owner, want.group)];
      await ctx.run(install, `install ${spec.source.fileName}`);
    },
  };
}
