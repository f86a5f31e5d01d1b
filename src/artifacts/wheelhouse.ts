import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArtifactRelease, WheelhouseRecipe } from '../catalog/artifacts.js';
import { DatalypticaError } from '../core/errors.js';
import { FIXED_MTIME, writeReproducibleTgz } from './reproducible-tgz.js';

/** What one pip command did: its exit, and its output lines (the last few hundred). */
export interface PipRun {
  exitCode: number;
  timedOut: boolean;
  /** python3 (or its pip) is not installed. */
  notFound: boolean;
  lines: string[];
}

/** Runs `python3 -m pip <args>` with exactly `env`; unit tests pass a fake. */
export type PipRunner = (args: readonly string[], options: { env: Record<string, string>; onLine: (line: string) => void; timeoutMs: number }) => Promise<PipRun>;

export interface WheelhouseBuildResult {
  /** Files pip downloaded for this build (0 when its cache had everything). */
  downloads: number;
  /** Pinned packages PyPI has no fitting wheel for, built here with `pip wheel`. */
  builtFromSource: string[];
}

/** A cold Airflow closure is a few hundred MB; this bound only catches a hung pip. */
const PIP_TIMEOUT_MS = 30 * 60_000;
/** Debian 12's glibc: wheels for any manylinux up to it run on the hosts. */
const HOST_GLIBC_MINOR = 36;
/** Pip variables that change what gets picked: the wheelhouse is defined by the command line alone. */
const PICKING_VARIABLES = ['PIP_FIND_LINKS', 'PIP_NO_INDEX', 'PIP_ONLY_BINARY', 'PIP_NO_BINARY', 'PIP_PREFER_BINARY', 'PIP_PRE', 'PIP_CONSTRAINT', 'PIP_REQUIREMENT', 'PIP_NO_DEPS', 'PIP_PLATFORM', 'PIP_PYTHON_VERSION', 'PIP_IMPLEMENTATION', 'PIP_ABI'];

/**
 * The --platform list for x86_64 Debian 12 hosts. pip expands only the legacy `manylinux2014`
 * name (to 2010 and 1), not the PEP 600 `manylinux_2_X` names, so `--platform manylinux2014_x86_64`
 * alone misses the many wheels published only as manylinux_2_28: every glibc from 2.36 down is
 * listed. `linux_x86_64` matches only wheels built on this machine (PyPI refuses that tag).
 */
export function hostPlatforms(): string[] {
  const manylinux = Array.from({ length: HOST_GLIBC_MINOR - 4 }, (_, index) => `manylinux_2_${HOST_GLIBC_MINOR - index}_x86_64`);
  return [...manylinux, 'manylinux2014_x86_64', 'linux_x86_64'];
}

/** `pip download` of the pins' closure as wheels for the hosts' python, not this machine's. */
export function pipDownloadArgs(recipe: WheelhouseRecipe, paths: { pins: string; dest: string; pipCache: string; builtWheels: string }): string[] {
  return [
    'download',
    '--only-binary=:all:',
    '--python-version',
    recipe.python,
    '--implementation',
    'cp',
    '--abi',
    pythonTag(recipe),
    ...hostPlatforms().flatMap((platform) => ['--platform', platform]),
    '--find-links',
    paths.builtWheels,
    '--cache-dir',
    paths.pipCache,
    '--progress-bar',
    'off',
    '--no-input',
    // The pins as constraints too: a dependency with extras (celery[redis]) is then held to the
    // pin at once, instead of the resolver fetching newer candidates before meeting it.
    '-c',
    paths.pins,
    '-r',
    paths.pins,
    '-d',
    paths.dest,
  ];
}

/** pip's line for a file it fetched over the network (`Using cached ...` when the cache had it). */
export function isPipDownloadLine(line: string): boolean {
  return /^\s*Downloading \S/.test(line);
}

/** The pins: one `name==version` per line (comments and blank lines allowed), nothing that could point pip elsewhere. */
export function parsePins(text: string, source: string): Map<string, string> {
  const pins = new Map<string, string>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9][A-Za-z0-9.+!_-]*)$/.exec(line);
    if (!match) throw new DatalypticaError('E_REGISTRY_RECIPE', `${source}:${index + 1}: "${line}" is not name==version`, { hint: 'a wheelhouse pins file holds exact pins only (pip freeze output)' });
    pins.set(normalizeName(match[1]!), match[2]!);
  }
  if (pins.size === 0) throw new DatalypticaError('E_REGISTRY_RECIPE', `${source} pins nothing`, { hint: 'copy the service\'s pip freeze into it' });
  return pins;
}

/**
 * Assembles a wheelhouse tgz at `dest`: `<top>/wheels/*.whl` (the pins' whole closure, for the
 * recipe's python on manylinux x86_64) and `<top>/requirements.txt` (the pins), <top> being the
 * release file's name less `.tgz`. A pinned package PyPI has only as an sdist is built into a
 * wheel here with `pip wheel` (this machine must run the same python), kept under the cache so a
 * second build rebuilds nothing; the wheels pip downloaded stay in the cache so a second build
 * fetches none (pip still reads the index pages to resolve). Every pin must be in the
 * closure and the closure must hold nothing unpinned: the wheelhouse is exactly the pins.
 */
export async function buildWheelhouse(release: ArtifactRelease, recipe: WheelhouseRecipe, cacheDir: string, dest: string, options: { pip?: PipRunner; pinsDir?: string; onLine?: (line: string) => void } = {}): Promise<WheelhouseBuildResult> {
  const label = `${release.component} ${release.version}`;
  const pip = options.pip ?? runPip;
  const pinsFile = join(options.pinsDir ?? packagedPinsDir(), recipe.pins);
  const pinsText = await readFile(pinsFile, 'utf8').catch(() => {
    throw new DatalypticaError('E_REGISTRY_RECIPE', `${label}: no pins file ${pinsFile}`, { hint: 'reinstall datalyptica, or fix the recipe in src/catalog/artifacts.ts' });
  });
  const pins = parsePins(pinsText, pinsFile);
  // Per process: two bundle runs into different directories may share the cache.
  const work = join(cacheDir, 'work', `${release.component}-${release.version}-${process.pid}`);
  const build: WheelhouseWork = {
    pinsFile,
    pinsText,
    pins,
    work,
    wheels: join(cacheDir, 'pypi-wheels'),
    pipCache: join(cacheDir, 'pip'),
    builtWheels: join(cacheDir, 'wheelhouse-built', `${release.component}-${release.version}-${pythonTag(recipe)}`),
    tgz: dest,
  };
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  await mkdir(build.wheels, { recursive: true });
  await mkdir(build.builtWheels, { recursive: true });
  try {
    return await downloadAndPack(release, recipe, build, pip, options.onLine);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** One build's inputs and places: the pins, the work directory (removed after), the caches kept, the archive to write. */
interface WheelhouseWork {
  pinsFile: string;
  pinsText: string;
  pins: Map<string, string>;
  work: string;
  /**
   * pip's download directory, kept and shared by every wheelhouse: pip takes a wheel already
   * there (checked against the index's sha256) instead of fetching it. PyPI as this machine
   * reaches it sends no cache headers, so pip's own HTTP cache keeps nothing.
   */
  wheels: string;
  pipCache: string;
  builtWheels: string;
  tgz: string;
}

async function downloadAndPack(release: ArtifactRelease, recipe: WheelhouseRecipe, build: WheelhouseWork, pip: PipRunner, report?: (line: string) => void): Promise<WheelhouseBuildResult> {
  const label = `${release.component} ${release.version}`;
  let downloads = 0;
  // The download directory holds other builds' wheels too: this one's are those pip names.
  const taken = new Set<string>();
  // pip's closing line names the closure's projects; the files it took include candidates its resolver only tried.
  let closure: string[] = [];
  const onLine = (line: string) => {
    const done = /^Successfully downloaded (.+)$/.exec(line.trim())?.[1];
    if (done) closure = done.split(/\s+/);
    if (isPipDownloadLine(line)) downloads++;
    const wheel = /^\s*(?:Saved|File was already downloaded) (\S+\.whl)\s*$/.exec(line)?.[1];
    if (wheel) taken.add(basename(wheel));
    report?.(line);
  };
  const env = pipEnv();
  const args = pipDownloadArgs(recipe, { pins: build.pinsFile, dest: build.wheels, pipCache: build.pipCache, builtWheels: build.builtWheels });
  const builtFromSource: string[] = [];
  // Each round either succeeds, fails, or builds one more pinned sdist: at most pins.size + 1 rounds.
  for (;;) {
    taken.clear();
    const run = await pip(args, { env, onLine, timeoutMs: PIP_TIMEOUT_MS });
    if (run.exitCode === 0) break;
    const wanted = wheellessPin(run.lines, build.pins);
    if (run.notFound || run.timedOut || !wanted || builtFromSource.includes(wanted)) throw pipFailure(label, 'pip download', run);
    await buildWheel(label, wanted, recipe, build, pip, env, onLine);
    builtFromSource.push(wanted);
  }
  const files = closureWheels(label, [...taken], closure, build.pins);
  const top = release.file.replace(/\.(tgz|tar\.gz)$/, '');
  const layout = release.layout.wheelhouse ?? { wheels: 'wheels', requirements: 'requirements.txt' };
  const requirements = join(build.work, 'requirements.txt');
  await writeFile(requirements, build.pinsText);
  await writeReproducibleTgz(build.tgz, [
    { name: `${top}/${layout.requirements}`, source: requirements },
    ...files.map((file) => ({ name: `${top}/${layout.wheels}/${file}`, source: join(build.wheels, file) })),
  ]);
  return { downloads, builtFromSource };
}

/** `pip wheel` of one pinned sdist into the cache's built-wheels directory, with a fixed build time. */
async function buildWheel(label: string, requirement: string, recipe: WheelhouseRecipe, paths: { pipCache: string; builtWheels: string }, pip: PipRunner, env: Record<string, string>, onLine: (line: string) => void): Promise<void> {
  const version = await pip(['--version'], { env, onLine: () => undefined, timeoutMs: 60_000 });
  const local = /\(python (\d+\.\d+)\)/.exec(version.lines.join(' '))?.[1];
  if (local !== recipe.python || process.arch !== 'x64') {
    throw new DatalypticaError('E_REGISTRY_BUILD', `${label}: ${requirement} has no wheel for python ${recipe.python} on PyPI, and this machine (python ${local ?? 'unknown'}, ${process.arch}) cannot build one for the hosts`, {
      hint: `build the bundle on an x86_64 machine whose python3 is ${recipe.python}`,
    });
  }
  const run = await pip(['wheel', '--no-deps', '--cache-dir', paths.pipCache, '--progress-bar', 'off', '--no-input', '-w', paths.builtWheels, requirement], { env: { ...env, SOURCE_DATE_EPOCH: String(FIXED_MTIME) }, onLine, timeoutMs: PIP_TIMEOUT_MS });
  if (run.exitCode !== 0) throw pipFailure(label, `pip wheel ${requirement} (PyPI has no wheel for it)`, run);
}

/** The pin pip found no wheel for (`No matching distribution found for x==1.0`), if it is one of ours. */
function wheellessPin(lines: readonly string[], pins: Map<string, string>): string | undefined {
  for (const line of lines) {
    const match = /No matching distribution found for ([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)/.exec(line);
    if (match && pins.get(normalizeName(match[1]!)) === match[2]) return `${match[1]}==${match[2]}`;
  }
  return undefined;
}

/**
 * The wheel of each project in pip's closure, at its pinned version: the closure must be the pins
 * exactly (a project the pins do not name, or a pin outside the closure, is an error).
 */
function closureWheels(label: string, taken: readonly string[], closure: readonly string[], pins: Map<string, string>): string[] {
  const wheels: string[] = [];
  for (const project of closure.map(normalizeName)) {
    const pinned = pins.get(project);
    if (!pinned) throw new DatalypticaError('E_REGISTRY_BUILD', `${label}: the closure needs ${project}, which the pins do not name`, { hint: "add the exact pin to the service's file in data/wheelhouse-pins/" });
    const wheel = taken.find((file) => {
      const match = /^([^-]+)-([^-]+)-.+\.whl$/.exec(file);
      return match !== null && normalizeName(match[1]!) === project && match[2] === pinned;
    });
    if (!wheel) throw new DatalypticaError('E_REGISTRY_BUILD', `${label}: pip named ${project} in the closure but left no ${project} ${pinned} wheel`, { hint: 'run the bundle again; if it fails the same way, report it' });
    wheels.push(wheel);
  }
  const absent = [...pins.keys()].filter((name) => !closure.some((project) => normalizeName(project) === name));
  if (absent.length > 0) throw new DatalypticaError('E_REGISTRY_BUILD', `${label}: pip returned no wheel for ${absent.join(', ')}`, { hint: 'check the pins file: a pin outside the closure pip resolved is a mistake' });
  return wheels.sort();
}

function pipFailure(label: string, step: string, run: PipRun): DatalypticaError {
  if (run.notFound) return new DatalypticaError('E_PIP_MISSING', 'python3 with pip is not installed on this machine', { hint: 'install python3 and python3-pip (3.11, like the hosts) to build wheelhouses' });
  const errors = run.lines.filter((line) => line.startsWith('ERROR:')).slice(-2).map((line) => line.replace(/^ERROR:\s*/, '')).join('; ');
  const why = run.timedOut ? `no result within ${PIP_TIMEOUT_MS / 60_000} min` : errors || `exit ${run.exitCode}`;
  return new DatalypticaError('E_REGISTRY_BUILD', `${label}: ${step} failed: ${why}`, { hint: 'check that PyPI (or the index pip is configured with) is reachable and the pins exist there' });
}

/** This process's environment less the pip variables that would change what is picked (index and TLS settings stay). */
function pipEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !PICKING_VARIABLES.includes(name)) env[name] = value;
  return { ...env, PIP_DISABLE_PIP_VERSION_CHECK: '1' };
}

function pythonTag(recipe: WheelhouseRecipe): string {
  return `cp${recipe.python.replace('.', '')}`;
}

/** PEP 503: names compare lower-cased with runs of `-_.` as one `-`. */
function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** data/wheelhouse-pins/ of the package: the nearest directory above this module holding it (works from src/ and dist/src/). */
function packagedPinsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'data', 'wheelhouse-pins')) || !existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new DatalypticaError('E_REGISTRY_RECIPE', 'cannot find the data/wheelhouse-pins/ directory of datalyptica', { hint: 'reinstall datalyptica' });
    dir = parent;
  }
  return join(dir, 'data', 'wheelhouse-pins');
}

/** The real runner: `python3 -m pip`, its output streamed line by line. */
async function runPip(args: readonly string[], options: { env: Record<string, string>; onLine: (line: string) => void; timeoutMs: number }): Promise<PipRun> {
  const { execa } = await import('execa');
  const lines: string[] = [];
  const child = execa('python3', ['-m', 'pip', ...args], { all: true, reject: false, timeout: options.timeoutMs, stdin: 'ignore', env: options.env, extendEnv: false });
  child.all?.setEncoding('utf8');
  let pending = '';
  const take = (line: string) => {
    lines.push(line);
    if (lines.length > 300) lines.shift();
    options.onLine(line);
  };
  child.all?.on('data', (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    complete.forEach(take);
  });
  const result = await child;
  if (pending !== '') take(pending);
  return { exitCode: result.exitCode ?? 1, timedOut: result.timedOut ?? false, notFound: (result as { code?: string }).code === 'ENOENT', lines };
}
