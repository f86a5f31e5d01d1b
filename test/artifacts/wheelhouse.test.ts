import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../src/artifacts/bundle.js';
import { readBundleManifest } from '../../src/artifacts/bundle-manifest.js';
import { buildWheelhouse, hostPlatforms, parsePins, pipDownloadArgs } from '../../src/artifacts/wheelhouse.js';
import { findRelease, type ArtifactRelease, type WheelhouseRecipe } from '../../src/catalog/artifacts.js';
import { fakePip } from './fake-pip.js';

const PINS = 'flask==3.1.3\nmlflow==2.19.0\nnvd3-py==0.16.0\n';
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `datalyptica-wheelhouse-${prefix}-`));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const tarList = (path: string) => spawnSync('tar', ['tzvf', path], { encoding: 'utf8' }).stdout.trim().split('\n');

/** A release shaped like the manifest's mlflow, with its pins in a test directory. */
function fixture(pins = PINS): { release: ArtifactRelease; recipe: WheelhouseRecipe; pinsDir: string } {
  const release = structuredClone(findRelease('mlflow', '2.19.0')!);
  const pinsDir = tmp('pins');
  writeFileSync(join(pinsDir, 'mlflow-2.19.0.txt'), pins);
  return { release, recipe: release.registries as WheelhouseRecipe, pinsDir };
}

describe('pip download for the wheelhouse', () => {
  it('asks for cp311 wheels only, for every manylinux up to Debian 12 glibc 2.36, from the pins', () => {
    const { recipe } = fixture();
    const args = pipDownloadArgs(recipe, { pins: '/p/mlflow.txt', dest: '/w/wheels', pipCache: '/c/pip', builtWheels: '/c/built' });
    const joined = args.join(' ');
    expect(args[0]).toBe('download');
    expect(joined).toContain('--only-binary=:all: --python-version 3.11 --implementation cp --abi cp311');
    expect(joined).toContain('--find-links /c/built --cache-dir /c/pip');
    expect(joined).toMatch(/-c \/p\/mlflow\.txt -r \/p\/mlflow\.txt -d \/w\/wheels$/);
    const platforms = args.filter((_, index) => args[index - 1] === '--platform');
    expect(platforms).toEqual(hostPlatforms());
    expect(platforms).toEqual(expect.arrayContaining(['manylinux_2_36_x86_64', 'manylinux_2_28_x86_64', 'manylinux_2_17_x86_64', 'manylinux_2_5_x86_64', 'manylinux2014_x86_64']));
    expect(platforms.some((platform) => /manylinux_2_3[7-9]|aarch64/.test(platform))).toBe(false);
  });

  it('accepts exact pins only', () => {
    expect([...parsePins('# freeze\nFlask==3.1.3\n\nzope.interface==7.2  # why\n', 'pins.txt')]).toEqual([['flask', '3.1.3'], ['zope-interface', '7.2']]);
    expect(() => parsePins('flask>=3\n', 'pins.txt')).toThrow(/pins\.txt:1: "flask>=3" is not name==version/);
    expect(() => parsePins('--index-url https://elsewhere.example/simple\n', 'pins.txt')).toThrow(/not name==version/);
    expect(() => parsePins('\n# nothing\n', 'pins.txt')).toThrow(/pins nothing/);
  });
});

describe('buildWheelhouse', () => {
  it('packs the wheels and the pins as requirements.txt under <file less .tgz>/, the same bytes twice, downloading nothing the second time', async () => {
    const { release, recipe, pinsDir } = fixture();
    const { pip, calls } = fakePip();
    const cache = tmp('cache');
    const first = join(tmp('out'), 'a.tgz');
    const second = join(tmp('out'), 'b.tgz');
    expect(await buildWheelhouse(release, recipe, cache, first, { pip, pinsDir })).toEqual({ downloads: 3, builtFromSource: [] });
    expect(await buildWheelhouse(release, recipe, cache, second, { pip, pinsDir })).toEqual({ downloads: 0, builtFromSource: [] });
    expect(sha256(first)).toBe(sha256(second));
    const top = 'mlflow-2.19.0-wheelhouse-cp311-linux_x86_64';
    const listing = tarList(first);
    expect(listing.map((line) => line.split(/\s+/).at(-1))).toEqual([`${top}/`, `${top}/wheels/`, `${top}/requirements.txt`, `${top}/wheels/flask-3.1.3-py3-none-any.whl`, `${top}/wheels/mlflow-2.19.0-py3-none-any.whl`, `${top}/wheels/nvd3_py-0.16.0-py3-none-any.whl`]);
    expect(listing.every((line) => line.includes('0/0'))).toBe(true);
    expect(spawnSync('tar', ['xzOf', first, `${top}/requirements.txt`], { encoding: 'utf8' }).stdout).toBe(PINS);
    expect(calls.map((call) => call.args[0])).toEqual(['download', 'download']);
    expect(calls[0]!.args).toContain(join(pinsDir, 'mlflow-2.19.0.txt'));
    expect(calls[0]!.args).toContain(join(cache, 'pip'));
  });

  it("packs only the wheels pip named for these pins, not other services' wheels in the shared download directory", async () => {
    const { release, recipe, pinsDir } = fixture();
    const { pip } = fakePip();
    const cache = tmp('cache');
    mkdirSync(join(cache, 'pypi-wheels'));
    writeFileSync(join(cache, 'pypi-wheels', 'celery-5.4.0-py3-none-any.whl'), 'another service');
    writeFileSync(join(cache, 'pypi-wheels', 'flask-3.1.3-py3-none-any.whl'), 'wheel flask 3.1.3');
    writeFileSync(join(cache, 'pypi-wheels', 'flask-9.9.9-py3-none-any.whl'), 'a candidate the resolver tried');
    const out = join(tmp('out'), 'w.tgz');
    expect((await buildWheelhouse(release, recipe, cache, out, { pip, pinsDir })).downloads).toBe(2);
    expect(tarList(out).filter((line) => line.endsWith('.whl')).map((line) => line.split('/').at(-1))).toEqual(['flask-3.1.3-py3-none-any.whl', 'mlflow-2.19.0-py3-none-any.whl', 'nvd3_py-0.16.0-py3-none-any.whl']);
  });

  it("keeps this machine's pip settings that would change what is picked out of pip's environment", async () => {
    const { release, recipe, pinsDir } = fixture();
    const { pip, calls } = fakePip();
    process.env.PIP_FIND_LINKS = '/opt/wheels';
    try {
      await buildWheelhouse(release, recipe, tmp('cache'), join(tmp('out'), 'w.tgz'), { pip, pinsDir });
    } finally {
      delete process.env.PIP_FIND_LINKS;
    }
    expect(calls[0]!.env.PIP_FIND_LINKS).toBeUndefined();
    expect(calls[0]!.env.PATH).toBe(process.env.PATH);
  });

  it('builds a pin PyPI has only as an sdist with pip wheel, once: the next build finds it in the cache', async () => {
    const { release, recipe, pinsDir } = fixture();
    const { pip, calls } = fakePip({ sdistOnly: ['nvd3-py'] });
    const cache = tmp('cache');
    const first = join(tmp('out'), 'a.tgz');
    expect((await buildWheelhouse(release, recipe, cache, first, { pip, pinsDir })).builtFromSource).toEqual(['nvd3-py==0.16.0']);
    expect(calls.map((call) => call.args[0])).toEqual(['download', '--version', 'wheel', 'download']);
    const wheel = calls[2]!;
    expect(wheel.args).toEqual(expect.arrayContaining(['--no-deps', '-w', join(cache, 'wheelhouse-built', 'mlflow-2.19.0-cp311')]));
    expect(wheel.args.at(-1)).toBe('nvd3-py==0.16.0');
    expect(wheel.env.SOURCE_DATE_EPOCH).toMatch(/^\d+$/);
    calls.length = 0;
    const second = join(tmp('out'), 'b.tgz');
    expect((await buildWheelhouse(release, recipe, cache, second, { pip, pinsDir })).builtFromSource).toEqual([]);
    expect(calls.map((call) => call.args[0])).toEqual(['download']);
    expect(sha256(first)).toBe(sha256(second));
  });

  it("stops on a failing pip with a one-line coded error carrying pip's own error", async () => {
    const { release, recipe, pinsDir } = fixture();
    const { pip } = fakePip({ fail: ['Collecting flask==3.1.3', 'ERROR: Cannot install mlflow==2.19.0 because these package versions have conflicting dependencies.', 'ERROR: ResolutionImpossible: for help visit https://pip.pypa.io'] });
    const error = await buildWheelhouse(release, recipe, tmp('cache'), join(tmp('out'), 'w.tgz'), { pip, pinsDir }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'E_REGISTRY_BUILD', message: 'mlflow 2.19.0: pip download failed: Cannot install mlflow==2.19.0 because these package versions have conflicting dependencies.; ResolutionImpossible: for help visit https://pip.pypa.io' });
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a closure with a wheel the pins do not name', async () => {
    const { release, recipe, pinsDir } = fixture();
    const { pip } = fakePip({ extraWheel: 'click-8.5.1-py3-none-any.whl' });
    await expect(buildWheelhouse(release, recipe, tmp('cache'), join(tmp('out'), 'w.tgz'), { pip, pinsDir })).rejects.toMatchObject({ code: 'E_REGISTRY_BUILD', message: 'mlflow 2.19.0: the closure needs click, which the pins do not name' });
  });

  it('reads the packaged pins of every wheelhouse in the manifest', async () => {
    for (const [component, version] of [['airflow', '2.10.4'], ['mlflow', '2.19.0'], ['superset', '4.1.1']] as const) {
      const release = findRelease(component, version)!;
      const { pip, calls } = fakePip();
      await buildWheelhouse(release, release.registries as WheelhouseRecipe, tmp('cache'), join(tmp('out'), 'w.tgz'), { pip });
      const pinsFile = calls[0]!.args[calls[0]!.args.indexOf('-r') + 1]!;
      expect(pinsFile).toMatch(new RegExp(`data/wheelhouse-pins/${component}-${version}\\.txt$`));
    }
  });
});

describe('a bundle with a wheelhouse', () => {
  it('builds it from PyPI for an official bundle too, records its sha256, and leaves it alone on a second run', async () => {
    const { pip, calls } = fakePip();
    const dir = tmp('bundle');
    const cacheDir = tmp('cache');
    const release = findRelease('mlflow', '2.19.0')!;
    const first = await buildBundle({ dir, releases: [release], fromRegistries: false, cacheDir, pip });
    expect(first.built.map((ref) => ref.file)).toEqual([release.file]);
    expect(first.pipDownloads).toBe(70);
    const [entry] = readBundleManifest(dir).artifacts;
    expect(entry).toMatchObject({ component: 'mlflow', version: '2.19.0', file: release.file, sha256: sha256(join(dir, release.file)) });
    expect(entry!.origin).toBe('PyPI: pip download --only-binary=:all: --python-version 3.11 -r data/wheelhouse-pins/mlflow-2.19.0.txt');
    const second = await buildBundle({ dir, releases: [release], fromRegistries: true, cacheDir, pip });
    expect(second.present.map((ref) => ref.file)).toEqual([release.file]);
    expect(calls).toHaveLength(1);
  });

  it('leaves neither a half-built archive in the bundle nor a work directory in the cache when pip fails', async () => {
    const { pip } = fakePip({ fail: ['ERROR: Could not find a version that satisfies the requirement mlflow==2.19.0'] });
    const dir = tmp('bundle');
    const cacheDir = tmp('cache');
    await expect(buildBundle({ dir, releases: [findRelease('mlflow', '2.19.0')!], fromRegistries: true, cacheDir, pip })).rejects.toMatchObject({ code: 'E_REGISTRY_BUILD' });
    expect(readdirSync(dir).filter((name) => name.includes('wheelhouse'))).toEqual([]);
    expect(readdirSync(join(cacheDir, 'work'))).toEqual([]);
  });
});
