import { DatalypticaError } from '../../core/errors.js';
import type { Resource } from '../resource.js';
import { call } from '../shell.js';
import { lines } from './observed.js';

/**
 * A package name; or a name with a version prefix to pin (`17.2` matches `17.2-1.pgdg22.04+1`);
 * or the names it has under apt and under dnf when they differ (optionally pinned too).
 */
export type PackageSpec = string | { name: string; version: string } | { apt: string; dnf: string; version?: string };

type Manager = 'apt' | 'dnf';

/**
 * apt and dnf print a line per package fetched, unpacked and set up, so two minutes of silence
 * is a hang (a method polling a dead proxy connection), not a slow mirror: the run is killed and
 * tried again. The total bound only catches an install that makes progress forever.
 */
const INSTALL_BOUNDS = { timeoutMs: 30 * 60_000, idleTimeoutMs: 120_000 } as const;
const INSTALL_ATTEMPTS = 3;

function nameFor(spec: PackageSpec, manager: Manager): string {
  if (typeof spec === 'string') return spec;
  return 'name' in spec ? spec.name : spec[manager];
}

function versionOf(spec: PackageSpec): string | undefined {
  return typeof spec === 'string' ? undefined : spec.version;
}

function stripEpoch(version: string): string {
  return version.replace(/^\d+:/, '');
}

/**
 * Packages installed through apt or dnf (detected on the host). One resource holds every package
 * of a step, so a step costs one install command however many packages it lists.
 */
export function packages(list: PackageSpec[]): Resource {
  // The probe runs before we know the manager, so it asks about every candidate name.
  const candidates = [...new Set(list.flatMap((spec) => [nameFor(spec, 'apt'), nameFor(spec, 'dnf')]))];
  const missing = (observed: string): { manager: string | undefined; todo: Array<{ name: string; version: string | undefined }> } => {
    const [manager, ...rows] = lines(observed);
    const installed = new Map(rows.map((row) => row.split(' ') as [string, string]));
    const chosen = list.map((spec) => ({ name: nameFor(spec, manager === 'dnf' ? 'dnf' : 'apt'), version: versionOf(spec) }));
    const todo = chosen.filter((entry) => {
      const version = installed.get(entry.name);
      if (version === undefined || version === '-') return true;
      return entry.version !== undefined && !stripEpoch(version).startsWith(entry.version) && !version.startsWith(entry.version);
    });
    return { manager, todo };
  };
  return {
    kind: 'package',
    name: `packages ${list.map((spec) => nameFor(spec, 'apt')).join(' ')}`,
    probe: [call('dl_pkg', ...candidates)],
    ...INSTALL_BOUNDS,
    check(observed) {
      const { todo } = missing(observed);
      if (todo.length === 0) return { status: 'ok' };
      return { status: 'change', detail: `install ${todo.map((entry) => (entry.version ? `${entry.name}=${entry.version}` : entry.name)).join(', ')}` };
    },
    async apply(ctx, observed) {
      const { manager, todo } = missing(observed);
      if (manager !== 'apt' && manager !== 'dnf') {
        throw new DatalypticaError('E_NO_PACKAGE_MANAGER', `${ctx.host}: neither apt nor dnf found`, { hint: 'use a Debian/Ubuntu or RHEL-family host' });
      }
      const args = todo.map((entry) => {
        if (!entry.version) return entry.name;
        return manager === 'apt' ? `${entry.name}=${entry.version}*` : `${entry.name}-${entry.version}*`;
      });
      for (let attempt = 1; ; attempt++) {
        const what = `install ${args.join(' ')}${attempt > 1 ? ` (attempt ${attempt} of ${INSTALL_ATTEMPTS})` : ''}`;
        try {
          // Each attempt starts with dl_pkg_install's `dpkg --configure -a`, which finishes what a killed attempt left half-done.
          await ctx.run([call('dl_pkg_install', manager, ...args)], what);
          return;
        } catch (error) {
          // Only a hang is worth another try: a refused install (unknown package, broken repository) fails the same way again.
          if (!(error instanceof DatalypticaError && error.code === 'E_REMOTE_TIMEOUT') || attempt >= INSTALL_ATTEMPTS) throw error;
        }
      }
    },
  };
}
