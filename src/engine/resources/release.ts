import { posix } from 'node:path';
import type { ResolvedRelease } from '../../artifacts/resolve.js';
import type { Resource } from '../resource.js';
import { artifact } from './artifact.js';
import { command } from './command.js';
import { INSTALL_ROOT } from './program-layout.js';

export interface ReleaseOptions {
  owner?: string;
  group?: string;
  notifies?: string | string[];
}

/** /opt/datalyptica/<component>-<version>: where a release lives, side by side with the others. */
export function releaseDir(component: string, version: string): string {
  return posix.join(INSTALL_ROOT, `${component}-${version}`);
}

/** The file a single-file release (a jar, a binary) is installed as. */
export function releasedFile(resolved: ResolvedRelease): string {
  return posix.join(releaseDir(resolved.release.component, resolved.release.version), resolved.release.file);
}

/**
 * A release from the bundle: pushed to the host once (skipped when the host already has that
 * sha256), unpacked into its own versioned directory, and `<component>-current` pointed at it,
 * so an upgrade unpacks beside the old release and a switch back is a link away.
 */
export function release(resolved: ResolvedRelease, options: ReleaseOptions = {}): Resource[] {
  const { component, version, layout } = resolved.release;
  const dir = releaseDir(component, version);
  const unpacked = layout.format === 'tgz' || layout.format === 'zip';
  const link = posix.join(INSTALL_ROOT, `${component}-current`);
  const target = `${component}-${version}`;
  return [
    artifact({
      source: resolved.source,
      dest: unpacked ? dir : releasedFile(resolved),
      ...(unpacked ? { extract: { strip: layout.strip } } : { mode: layout.format === 'bin' ? '0755' : '0644' }),
      ...(options.owner ? { owner: options.owner } : {}),
      ...(options.group ? { group: options.group } : {}),
      ...(options.notifies ? { notifies: options.notifies } : {}),
    }),
    command({
      name: `link ${link} -> ${target}`,
      run: `ln -sfn '${target}' '${link}.tmp' && mv -Tf '${link}.tmp' '${link}'`,
      unless: `[ "$(readlink '${link}')" = '${target}' ]`,
    }),
  ];
}
