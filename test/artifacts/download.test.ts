import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile, type DownloadProgress } from '../../src/artifacts/download.js';
import { serveFiles, type TestServer } from './http-server.js';

const BODY = randomBytes(300_000);
let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'datalyptica-download-'));

beforeAll(async () => {
  server = await serveFiles({ '/a.tgz': BODY, '/b.tgz': BODY, '/c.tgz': BODY, '/d.tgz': BODY, '/e.tgz': BODY, '/stall.tgz': BODY });
});
afterAll(() => server.close());

describe('downloadFile', () => {
  it('downloads into the part file and reports bytes, total, rate and ETA', async () => {
    const part = join(dir, 'a.tgz.part');
    const progress: DownloadProgress[] = [];
    const result = await downloadFile(`${server.url}/a.tgz`, part, { onProgress: (p) => progress.push(p), progressEveryMs: 0 });
    expect(result).toEqual({ bytes: BODY.length, resumedFrom: 0 });
    expect(readFileSync(part).equals(BODY)).toBe(true);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ bytes: BODY.length, total: BODY.length, etaSeconds: 0 });
    expect(last.rateBytesPerSecond).toBeGreaterThan(0);
    expect(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1]!.bytes)).toBe(true);
  });

  it('resumes a part file with a Range request instead of starting over', async () => {
    const part = join(dir, 'b.tgz.part');
    writeFileSync(part, BODY.subarray(0, 100_000));
    const result = await downloadFile(`${server.url}/b.tgz`, part);
    expect(result).toEqual({ bytes: BODY.length, resumedFrom: 100_000 });
    expect(server.requests.filter((r) => r.path === '/b.tgz')).toEqual([{ path: '/b.tgz', range: 'bytes=100000-' }]);
    expect(readFileSync(part).equals(BODY)).toBe(true);
  });

  it('keeps what arrived when the connection drops, and the next call finishes it', async () => {
    const part = join(dir, 'c.tgz.part');
    server.behave('/c.tgz', { cutAfter: 120_000 });
    await expect(downloadFile(`${server.url}/c.tgz`, part)).rejects.toMatchObject({ code: 'E_DOWNLOAD', message: expect.stringContaining('what arrived is kept in') });
    const kept = statSync(part).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(BODY.length);
    server.behave('/c.tgz', {});
    const result = await downloadFile(`${server.url}/c.tgz`, part);
    expect(result.resumedFrom).toBe(kept);
    expect(readFileSync(part).equals(BODY)).toBe(true);
  });

  it('rewrites the part when the server ignores the range', async () => {
    const part = join(dir, 'd.tgz.part');
    writeFileSync(part, Buffer.alloc(5_000, 0xff));
    server.behave('/d.tgz', { ignoreRange: true });
    const result = await downloadFile(`${server.url}/d.tgz`, part);
    expect(result).toEqual({ bytes: BODY.length, resumedFrom: 0 });
    expect(readFileSync(part).equals(BODY)).toBe(true);
  });

  it('takes a part that is already whole (416) as done', async () => {
    const part = join(dir, 'e.tgz.part');
    writeFileSync(part, BODY);
    expect(await downloadFile(`${server.url}/e.tgz`, part)).toEqual({ bytes: BODY.length, resumedFrom: BODY.length });
  });

  it('fails with the HTTP status, and on a stalled server within its bound', async () => {
    await expect(downloadFile(`${server.url}/missing.tgz`, join(dir, 'missing.part'))).rejects.toMatchObject({ code: 'E_DOWNLOAD', message: expect.stringContaining('HTTP 404') });
    server.behave('/stall.tgz', { stall: true });
    const started = Date.now();
    await expect(downloadFile(`${server.url}/stall.tgz`, join(dir, 'stall.part'), { stallMs: 300 })).rejects.toMatchObject({ code: 'E_DOWNLOAD', message: expect.stringContaining('no data for 0.3 s') });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
