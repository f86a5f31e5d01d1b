import { posix } from 'node:path';
import { jvmHeapMiB, pythonWorkers } from '../../catalog/heap.js';
import { DatalypticaError } from '../../core/errors.js';
import type { PhaseContext } from '../phase.js';
import type { Resource } from '../resource.js';
import { reloadsSystemd } from './daemon-reload.js';
import { directory } from './directory.js';
import { file } from './file.js';
import { programPrerequisites } from './program-prerequisites.js';
import type { ProgramLayout } from './program-layout.js';
import { service } from './systemd.js';
import { user } from './users.js';

export { programLayout, type ProgramLayout, type ProgramLayoutOptions, type ProgramRuntime } from './program-layout.js';

export interface ProgramServiceSpec {
  layout: ProgramLayout;
  /**
   * The command line in systemd's syntax: an absolute program path (`layout.runtime.binary`),
   * `$NAME` expands an environment variable into words, `%%` is a literal %.
   */
  execStart: string;
  /** JVM (required): the variable carrying -Xms/-Xmx, e.g. `KAFKA_HEAP_OPTS` or `JAVA_TOOL_OPTIONS`. */
  heapVariable?: string;
  /** Python: the variable carrying the worker count (`WEB_CONCURRENCY` for gunicorn) and what one worker costs. */
  workers?: { variable: string; perWorkerMiB: number };
  /** Non-secret settings, as Environment= lines. */
  environment?: Record<string, string>;
  /** Secrets (registered with `ctx.secret`): written to a root-only EnvironmentFile, never into the unit. */
  secretEnvironment?: Record<string, string>;
  /** Files the program reads at start, written before it starts; each restarts it when it changes. */
  config?: Resource[];
  /** Default 100000: brokers and query engines hold a file per segment and socket. */
  limitNofile?: number;
  /** Default 5 s: quick recovery without hammering the peers of a service that keeps failing. */
  restartSec?: number;
  /** Default 120 s: room for a broker's controlled shutdown or a JVM's shutdown hooks before SIGKILL. */
  timeoutStopSec?: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names that say "secret": such a value belongs in secretEnvironment. */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY/i;
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function specError(layout: ProgramLayout, message: string): DatalypticaError {
  return new DatalypticaError('E_PROGRAM_SPEC', `${layout.placed.host}: ${layout.unit}: ${message}`, { hint: 'this is a bug in the phase that builds the service' });
}

/** `"NAME=value"` for Environment=: C escapes inside the quotes, `%` doubled (systemd specifiers). */
function unitAssignment(name: string, value: string): string {
  return `"${name}=${value.replace(/[\\"]/g, (char) => `\\${char}`).replace(/%/g, '%%')}"`;
}

/** `NAME="value"` for an EnvironmentFile: inside double quotes systemd unescapes \ " ` $. */
function envFileLine(name: string, value: string): string {
  return `${name}="${value.replace(/[\\"`$]/g, (char) => `\\${char}`)}"`;
}

function variableName(layout: ProgramLayout, name: string): string {
  if (!NAME.test(name)) throw specError(layout, `"${name}" is not an environment variable name`);
  return name;
}

function checkedVariables(layout: ProgramLayout, variables: Record<string, string>, secret: boolean): Array<[string, string]> {
  return Object.entries(variables).map(([name, value]) => {
    variableName(layout, name);
    // The message must not carry a secret's value, only its name.
    if (/[\n\r\0]/.test(value)) throw specError(layout, `the value of ${name} has a line break or a NUL byte`);
    if (!secret && SECRET_NAME.test(name)) throw specError(layout, `${name} looks like a secret: pass it in secretEnvironment, never in the unit`);
    return [name, value];
  });
}

/** JAVA_HOME or the venv, with its bin/ first on PATH, and the heap or worker count from the placed memory. */
function sizedEnvironment(spec: ProgramServiceSpec): { variables: Array<[string, string]>; note: string } {
  const { layout } = spec;
  const { runtime, placed } = layout;
  const path: [string, string] = ['PATH', `${posix.join(runtime.home, 'bin')}:${DEFAULT_PATH}`];
  if (runtime.kind === 'java') {
    if (spec.heapVariable === undefined) throw specError(layout, 'a JVM service needs heapVariable (the variable its start command reads -Xmx from)');
    if (spec.workers !== undefined) throw specError(layout, 'workers is for Python services; a JVM service is sized by its heap');
    const heap = jvmHeapMiB(placed.memoryMiB);
    // Without it a JVM that ran out of heap lingers half-working; exiting lets Restart= recover it.
    const options = `-Xms${heap}m -Xmx${heap}m -XX:+ExitOnOutOfMemoryError`;
    const note = `${placed.memoryMiB} MiB placed on this host: ${heap} MiB heap, the rest for metaspace, threads, GC and buffers (src/catalog/heap.ts)`;
    return { variables: [['JAVA_HOME', runtime.home], path, [variableName(layout, spec.heapVariable), options]], note };
  }
  if (spec.heapVariable !== undefined) throw specError(layout, 'heapVariable is for JVM services; a Python service is sized by its workers');
  // Unbuffered: log lines reach the journal as they are written.
  const base: Array<[string, string]> = [['VIRTUAL_ENV', runtime.home], path, ['PYTHONUNBUFFERED', '1']];
  if (spec.workers === undefined) return { variables: base, note: `${placed.memoryMiB} MiB placed on this host` };
  const count = pythonWorkers(placed, spec.workers.perWorkerMiB);
  const note = `${placed.memoryMiB} MiB and ${placed.cpu} CPU placed on this host: ${count} workers of ~${spec.workers.perWorkerMiB} MiB (src/catalog/heap.ts)`;
  return { variables: [...base, [variableName(layout, spec.workers.variable), String(count)]], note };
}

/**
 * One program datalyptica installs itself (a JVM or Python service) on one host: what it needs
 * present, its system user, config, data and log directories, a root-only file for its secrets,
 * the caller's config files, a unit sized from the catalog's placement for this host, and the
 * service enabled and running. A change to the unit or to any of those files restarts it once,
 * at the end of the step; a converged host changes nothing.
 */
export function programService(ctx: Pick<PhaseContext, 'template'>, spec: ProgramServiceSpec): Resource[] {
  const { layout } = spec;
  const owned = { owner: layout.user, group: layout.group, mode: '0750' };
  if (!spec.execStart.startsWith('/') || /[\n\r]/.test(spec.execStart)) throw specError(layout, 'execStart must be one line starting with an absolute program path');

  const sized = sizedEnvironment(spec);
  const own = new Set(sized.variables.map(([name]) => name));
  const extra = checkedVariables(layout, spec.environment ?? {}, false);
  const clash = extra.find(([name]) => own.has(name));
  if (clash) throw specError(layout, `${clash[0]} is set by programService from the runtime and the placement`);
  const secrets = checkedVariables(layout, spec.secretEnvironment ?? {}, true);
  const secretsPath = posix.join(layout.configDir, 'secrets.env');

  const unit = ctx.template('systemd/program.service.hbs', {
    unit: layout.unit,
    description: `${layout.placed.service.name}${layout.placed.instance > 0 ? ` ${layout.placed.instance}` : ''} (datalyptica)`,
    user: layout.user,
    group: layout.group,
    workingDirectory: layout.installDir,
    environment: [...sized.variables, ...extra].map(([name, value]) => unitAssignment(name, value)),
    environmentFile: secrets.length > 0 ? secretsPath : null,
    execStart: spec.execStart,
    sizingNote: sized.note,
    // The whole placed budget (what `validate` sums per host): heap plus its headroom (heap.ts).
    // Page cache the service causes counts too, but is reclaimed at the limit, not killed.
    memoryMaxMiB: layout.placed.memoryMiB,
    limitNofile: spec.limitNofile ?? 100_000,
    restartSec: spec.restartSec ?? 5,
    timeoutStopSec: spec.timeoutStopSec ?? 120,
    successExitStatus: layout.runtime.kind === 'java' ? '143' : null,
  });

  const restarts = (resource: Resource): Resource => ({ ...resource, notifies: [...new Set([...(resource.notifies ?? []), layout.unit])] });
  return [
    programPrerequisites(layout),
    user({ name: layout.user }),
    directory({ path: layout.configDir, owner: 'root', group: layout.group, mode: '0750' }),
    directory({ path: layout.dataDir, ...owned }),
    directory({ path: layout.logDir, ...owned }),
    // systemd reads EnvironmentFile as root before dropping privileges: the service user cannot read it.
    ...(secrets.length > 0
      ? [file({ path: secretsPath, content: `# Managed by datalyptica\n${secrets.map(([name, value]) => envFileLine(name, value)).join('\n')}\n`, mode: '0600', secret: true, notifies: layout.unit })]
      : []),
    ...(spec.config ?? []).map(restarts),
    reloadsSystemd(file({ path: `/etc/systemd/system/${layout.unit}`, content: unit, notifies: layout.unit })),
    service({ name: layout.unit }),
  ];
}
