import { DatalypticaError } from '../../core/errors.js';
import type { Resource } from '../resource.js';
import { call } from '../shell.js';
import { lines } from './observed.js';
import type { ProgramLayout } from './program-layout.js';

interface Needed {
  path: string;
  what: string;
  hint: string;
}

function needed(layout: ProgramLayout): Needed[] {
  const { runtime, placed } = layout;
  const release = `${placed.service.component} ${placed.version}`;
  const runtimeNeed: Needed =
    runtime.kind === 'python'
      ? { path: runtime.binary, what: `the Python venv of ${release}`, hint: `the service's artifact step creates ${runtime.home}: run it before ${layout.unit}` }
      : runtime.source === 'os-package'
        ? { path: runtime.binary, what: `Java ${runtime.feature}`, hint: `phase 1 installs OpenJDK ${runtime.feature} on hosts that run JVM services: run \`datalyptica install --phase 1\`` }
        : {
            path: runtime.binary,
            what: `Java ${runtime.needs}+ (datalyptica's Java ${runtime.feature})`,
            hint: `the service's artifact step unpacks Java ${runtime.feature} into ${runtime.home}: run it before ${layout.unit}`,
          };
  return [runtimeNeed, { path: layout.installDir, what: release, hint: `the service's artifact step installs ${layout.installDir}: run it before ${layout.unit}` }];
}

const missingFrom = (wanted: Needed[], observed: string) => {
  const answers = lines(observed);
  return wanted.filter((_, index) => answers[index] !== 'yes');
};

/**
 * What the unit's ExecStart needs on the host: the runtime binary and the install directory.
 * Placed before the unit, so a host without them fails here, with the fix, instead of getting a
 * unit that systemd restarts forever. They may come from an earlier task of the same step (the
 * artifact), so apply looks again before failing.
 */
export function programPrerequisites(layout: ProgramLayout): Resource {
  const wanted = needed(layout);
  const probe = wanted.map((need) => call('dl_exists', need.path));
  return {
    kind: 'program-prerequisites',
    name: `prerequisites of ${layout.unit}`,
    probe,
    check(observed) {
      const missing = missingFrom(wanted, observed);
      if (missing.length === 0) return { status: 'ok' };
      const list = missing.map((need) => `${need.what} (${need.path})`).join(', ');
      return { status: 'change', detail: `not there yet: ${list}; an earlier task must install it, or the install stops here` };
    },
    async apply(ctx) {
      const missing = missingFrom(wanted, (await ctx.run(probe, `look for what ${layout.unit} needs`)).stdout);
      if (missing.length > 0) {
        throw new DatalypticaError('E_PROGRAM_PREREQUISITE', `${ctx.host}: ${layout.unit} cannot start: ${missing.map((need) => `${need.what} is not at ${need.path}`).join('; ')}`, { hint: missing[0]!.hint });
      }
    },
  };
}
