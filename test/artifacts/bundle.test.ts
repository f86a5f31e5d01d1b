import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../src/artifacts/bundle.js';
import { readBundleManifest } from '../../src/artifacts/bundle-manifest.js';
import { checkBundle } from '../../src/artifacts/check-bundle.js';
import type { BundleEvent } from '../../src/artifacts/events.js';
import type { ArtifactRelease } from '../../src/catalog/artifacts.js';
import { serveFiles, type TestServer } from './http-server.js';

const ARCHIVE = randomBytes(200_000);
const JAR = randomBytes(50_000);
const sha = (algorithm: string, data: Buffer) => createHash(algorithm).update(data).digest('hex');
let server: TestServer;

beforeAll(async () => {
  server = await serveFiles({
    '/dist/app-1.0.tgz': ARCHIVE,
    '/dist/app-1.0.tgz.sha512': `app-1.0.tgz: ${sha('sha512', ARCHIVE).toUpperCase().match(/.{8}/g)!.join(' ')}\n`,
    '/maven/agent-2.0.jar': JAR,
  });
});
afterAll(() => server.close());

/** Releases shaped like the manifest's, served by the test server. */
function releases(): ArtifactRelease[] {
  return [
    { component: 'app', version: '1.0', file: 'app-1.0.tgz', url: `${server.url}/dist/app-1.0.tgz`, checksum: { sha512Url: `${server.url}/dist/app-1.0.tgz.sha512` }, layout: { format: 'tgz', strip: 1 } },
    { component: 'agent', version: '2.0', file: 'agent-2.0.jar', url: `${server.url}/maven/agent-2.0.jar`, checksum: { sha1: sha('sha1', JAR) }, layout: { format: 'jar', strip: 0 } },
  ];
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'datalyptica-bundle-'));

describe('buildBundle', () => {
  it('downloads and verifies every release, and records each sha256 in bundle.json', async () => {
    const dir = freshDir();
    const events: BundleEvent[] = [];
    const result = await buildBundle({ dir, releases: releases(), fromRegistries: false, onEvent: (event) => events.push(event) });
    expect(result.downloaded.map((r) => r.file)).toEqual(['app-1.0.tgz', 'agent-2.0.jar']);
    expect(result.downloadedBytes).toBe(ARCHIVE.length + JAR.length);
    const manifest = readBundleManifest(dir);
    expect(manifest).toMatchObject({ format: 1, source: 'official' });
    expect(manifest.artifacts).toEqual([
      { component: 'app', version: '1.0', file: 'app-1.0.tgz', sha256: sha('sha256', ARCHIVE), bytes: ARCHIVE.length, origin: `${server.url}/dist/app-1.0.tgz` },
      { component: 'agent', version: '2.0', file: 'agent-2.0.jar', sha256: sha('sha256', JAR), bytes: JAR.length, origin: `${server.url}/maven/agent-2.0.jar` },
    ]);
    expect(readdirSync(dir).sort()).toEqual(['agent-2.0.jar', 'app-1.0.tgz', 'bundle.json']);
    expect(events.map((e) => e.type).filter((t) => t !== 'download-progress')).toEqual(['bundle-start', 'artifact-start', 'artifact-done', 'artifact-start', 'artifact-done']);
    expect(events.some((e) => e.type === 'download-progress' && e.total === ARCHIVE.length)).toBe(true);
  });

  it('fetches nothing on a second run, and says every release is present', async () => {
    const dir = freshDir();
    await buildBundle({ dir, releases: releases(), fromRegistries: false });
    const before = server.requests.length;
    const events: BundleEvent[] = [];
    const again = await buildBundle({ dir, releases: releases(), fromRegistries: false, onEvent: (event) => events.push(event) });
    expect(server.requests.length).toBe(before);
    expect(again).toMatchObject({ downloaded: [], built: [], downloadedBytes: 0 });
    expect(again.present.map((r) => r.component)).toEqual(['app', 'agent']);
    expect(events.filter((e) => e.type === 'artifact-present')).toHaveLength(2);
  });

  it('resumes a partial download left by an interrupted run', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'app-1.0.tgz.part'), ARCHIVE.subarray(0, 150_000));
    const result = await buildBundle({ dir, releases: releases().slice(0, 1), fromRegistries: false });
    expect(result.downloadedBytes).toBe(50_000);
    expect(server.requests.at(-1)).toEqual({ path: '/dist/app-1.0.tgz', range: 'bytes=150000-' });
    expect(readFileSync(join(dir, 'app-1.0.tgz')).equals(ARCHIVE)).toBe(true);
    expect(existsSync(join(dir, 'app-1.0.tgz.part'))).toBe(false);
  });

  it('stops on a checksum mismatch with both sums, deletes the bad file and records nothing for it', async () => {
    const dir = freshDir();
    const [app, agent] = releases();
    const wrong = sha('sha1', Buffer.from('something else'));
    const bad = { ...agent!, checksum: { sha1: wrong } };
    await expect(buildBundle({ dir, releases: [app!, bad], fromRegistries: false })).rejects.toMatchObject({
      code: 'E_CHECKSUM_MISMATCH',
      message: `agent 2.0 (agent-2.0.jar): sha1 mismatch: expected ${wrong} (the artifact manifest), found ${sha('sha1', JAR)}; the file was deleted`,
    });
    expect(readdirSync(dir).sort()).toEqual(['app-1.0.tgz', 'bundle.json']);
    expect(readBundleManifest(dir).artifacts.map((entry) => entry.component)).toEqual(['app']);
  });

  it('replaces a file whose bytes no longer match bundle.json, and keeps entries it was not asked for', async () => {
    const dir = freshDir();
    await buildBundle({ dir, releases: releases(), fromRegistries: false });
    writeFileSync(join(dir, 'app-1.0.tgz'), randomBytes(ARCHIVE.length));
    const result = await buildBundle({ dir, releases: releases().slice(0, 1), fromRegistries: false });
    expect(result.downloaded.map((r) => r.component)).toEqual(['app']);
    expect(readBundleManifest(dir).artifacts.map((entry) => entry.component).sort()).toEqual(['agent', 'app']);
    expect((await checkBundle(dir)).ok).toBe(true);
  });

  it('refuses, from the registries, a release that has no recipe', async () => {
    await expect(buildBundle({ dir: freshDir(), releases: releases(), fromRegistries: true })).rejects.toMatchObject({ code: 'E_ARTIFACT_NO_RECIPE', hint: expect.stringContaining('artifacts.overrides.app.url') });
  });

  it('refuses a directory another live run holds, and takes over the lock of a dead one', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, '.bundle.lock'), `${process.pid}\n`);
    await expect(buildBundle({ dir, releases: [], fromRegistries: false })).rejects.toMatchObject({ code: 'E_BUNDLE_LOCKED', message: expect.stringContaining(`pid ${process.pid}`) });
    const gone = spawnSync('true').pid!;
    writeFileSync(join(dir, '.bundle.lock'), `${gone}\n`);
    await buildBundle({ dir, releases: [], fromRegistries: false });
    expect(readdirSync(dir)).toEqual(['bundle.json']);
  });

  it('writes an empty bundle.json when nothing is needed', async () => {
    const dir = freshDir();
    await buildBundle({ dir, releases: [], fromRegistries: true });
    expect(readBundleManifest(dir)).toMatchObject({ format: 1, source: 'registries', artifacts: [] });
  });
});

describe('checkBundle', () => {
  it('passes a whole bundle and names each file that is missing, cut short or altered', async () => {
    const dir = freshDir();
    await buildBundle({ dir, releases: releases(), fromRegistries: false });
    expect(await checkBundle(dir)).toMatchObject({ ok: true, absent: [], entries: [{ status: 'ok' }, { status: 'ok' }] });

    const altered = Buffer.from(ARCHIVE);
    altered[1000] = altered[1000]! ^ 0xff;
    writeFileSync(join(dir, 'app-1.0.tgz'), altered);
    const check = await checkBundle(dir, [{ component: 'other', version: '9' }]);
    expect(check.ok).toBe(false);
    expect(check.entries[0]).toEqual({
      component: 'app',
      version: '1.0',
      file: 'app-1.0.tgz',
      status: 'checksum',
      detail: `${join(dir, 'app-1.0.tgz')}: sha256 mismatch: expected ${sha('sha256', ARCHIVE)}, found ${sha('sha256', altered)}`,
    });
    expect(check.absent).toEqual([{ component: 'other', version: '9' }]);

    truncateSync(join(dir, 'agent-2.0.jar'), 10);
    expect((await checkBundle(dir)).entries[1]).toMatchObject({ status: 'size', detail: expect.stringContaining(`10 bytes, bundle.json records ${JAR.length}`) });
    unlinkSync(join(dir, 'agent-2.0.jar'));
    expect((await checkBundle(dir)).entries[1]).toMatchObject({ status: 'missing' });
  });

  it('is a coded error without a bundle.json', async () => {
    await expect(checkBundle(freshDir())).rejects.toMatchObject({ code: 'E_BUNDLE_MISSING' });
  });
});
