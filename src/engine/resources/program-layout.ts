import { posix } from 'node:path';
import type { PlacedService } from '../../catalog/types.js';
import type { OsFamily } from '../../config/facts.js';
import { DatalypticaError } from '../../core/errors.js';
import { javaRuntime, type CpuArch, type JavaRuntime } from './java-runtime.js';

export interface PythonRuntime {
  kind: 'python';
  /** The virtualenv the artifact step creates inside the install directory. */
  home: string;
  binary: string;
}

export type ProgramRuntime = JavaRuntime | PythonRuntime;

/** Names and paths of one program service on one host: what its unit, config files and artifact agree on. */
export interface ProgramLayout {
  placed: PlacedService;
  /** `kafka`; a second instance on the host is `spark-worker-1`. */
  name: string;
  unit: string;
  user: string;
  group: string;
  /** The unpacked release (the artifact step's), also the working directory. */
  installDir: string;
  /** /etc/datalyptica/<name>: root-owned, readable by the service's group. */
  configDir: string;
  dataDir: string;
  logDir: string;
  runtime: ProgramRuntime;
}

export interface ProgramLayoutOptions {
  /**
   * The host's OS family (the phase's `ctx.facts(host)`) and CPU architecture. `arch` defaults
   * to amd64, the spec's VMs; host facts do not read it yet, and on another architecture the
   * runtime check stops the install naming the path it looked for.
   */
  platform: { osFamily: OsFamily; arch?: CpuArch };
  /** Default: the service id, so services sharing a host never share privileges. */
  user?: string;
  /** Default /opt/datalyptica/<component>-<version>. */
  installDir?: string;
  /** Default the catalog's dataDir, else /data/<service id>; `-<n>` appended for instance n > 0. */
  dataDir?: string;
}

export const INSTALL_ROOT = '/opt/datalyptica';

export function programLayout(placed: PlacedService, options: ProgramLayoutOptions): ProgramLayout {
  const service = placed.service;
  const suffix = placed.instance > 0 ? `-${placed.instance}` : '';
  const name = `${service.id}${suffix}`;
  const installDir = options.installDir ?? posix.join(INSTALL_ROOT, `${service.component}-${placed.version}`);
  const user = options.user ?? service.id;
  return {
    placed,
    name,
    unit: `${name}.service`,
    user,
    group: user,
    installDir,
    configDir: posix.join('/etc/datalyptica', name),
    dataDir: `${options.dataDir ?? service.dataDir ?? posix.join('/data', service.id)}${suffix}`,
    logDir: posix.join('/var/log/datalyptica', name),
    runtime: runtimeOf(placed, installDir, { osFamily: options.platform.osFamily, arch: options.platform.arch ?? 'amd64' }),
  };
}

function runtimeOf(placed: PlacedService, installDir: string, platform: { osFamily: OsFamily; arch: CpuArch }): ProgramRuntime {
  const service = placed.service;
  if (service.runtime === 'jvm') return javaRuntime(service.minJava, platform);
  if (service.runtime === 'python') {
    const home = posix.join(installDir, 'venv');
    return { kind: 'python', home, binary: posix.join(home, 'bin/python') };
  }
  throw new DatalypticaError('E_PROGRAM_RUNTIME', `${placed.host}: ${service.id} is not a JVM or Python service (runtime ${service.runtime ?? 'unset'})`, {
    hint: 'programService is for programs datalyptica installs itself; use the OS package and service() for native ones',
  });
}
