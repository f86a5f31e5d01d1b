import type { Resource } from '../resource.js';
import { call } from '../shell.js';
import { lines } from './observed.js';

export interface UserSpec {
  name: string;
  /** A system account (no aging, uid below 1000). Default true: services run as these. */
  system?: boolean;
  home?: string;
  /** Default /usr/sbin/nologin. */
  shell?: string;
  /** Supplementary groups the user must be in (others are left alone). */
  groups?: string[];
  uid?: number;
}

/** A local user; `dl_user` prints the passwd line then the user's groups. */
export function user(spec: UserSpec): Resource {
  const shell = spec.shell ?? '/usr/sbin/nologin';
  const groups = spec.groups ?? [];
  const differences = (observed: string) => {
    const [passwd, groupLine = ''] = lines(observed);
    if (!passwd || passwd === 'absent') return undefined;
    const fields = passwd.split(':');
    const memberOf = new Set(groupLine.split(' '));
    return {
      home: spec.home !== undefined && fields[5] !== spec.home ? spec.home : undefined,
      shell: fields[6] !== shell ? shell : undefined,
      groups: groups.filter((group) => !memberOf.has(group)),
    };
  };
  return {
    kind: 'user',
    name: `user ${spec.name}`,
    probe: [call('dl_user', spec.name)],
    check(observed) {
      const diff = differences(observed);
      if (!diff) return { status: 'change', detail: 'create' };
      const changes = [
        ...(diff.home ? [`home -> ${diff.home}`] : []),
        ...(diff.shell ? [`shell -> ${diff.shell}`] : []),
        ...(diff.groups.length > 0 ? [`add to ${diff.groups.join(',')}`] : []),
      ];
      return changes.length === 0 ? { status: 'ok' } : { status: 'change', detail: changes.join(', ') };
    },
    async apply(ctx, observed) {
      const diff = differences(observed);
      if (!diff) {
        const args = [
          ...(spec.system ?? true ? ['--system'] : []),
          ...(spec.uid !== undefined ? ['--uid', String(spec.uid)] : []),
          ...(spec.home !== undefined ? ['--home-dir', spec.home, '--create-home'] : ['--no-create-home']),
          '--shell', shell,
          ...(groups.length > 0 ? ['--groups', groups.join(',')] : []),
          '--user-group',
          spec.name,
        ];
        await ctx.run([call('useradd', ...args)], `create user ${spec.name}`);
        return;
      }
      const args = [
        ...(diff.home ? ['--home', diff.home] : []),
        ...(diff.shell ? ['--shell', diff.shell] : []),
        ...(diff.groups.length > 0 ? ['--append', '--groups', diff.groups.join(',')] : []),
        spec.name,
      ];
      await ctx.run([call('usermod', ...args)], `modify user ${spec.name}`);
    },
  };
}

export interface GroupSpec {
  name: string;
  system?: boolean;
  gid?: number;
}

/** A local group; `dl_group` prints the group line or `absent`. */
export function group(spec: GroupSpec): Resource {
  return {
    kind: 'group',
    name: `group ${spec.name}`,
    probe: [call('dl_group', spec.name)],
    check: (observed) => (lines(observed)[0] === 'absent' || lines(observed).length === 0 ? { status: 'change', detail: 'create' } : { status: 'ok' }),
    async apply(ctx) {
      const args = [...(spec.system ?? true ? ['--system'] : []), ...(spec.gid !== undefined ? ['--gid', String(spec.gid)] : []), spec.name];
      await ctx.run([call('groupadd', ...args)], `create group ${spec.name}`);
    },
  };
}
