import { createWriteStream } from 'node:fs';
import { copyFile, stat, unlink } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DatalypticaError } from '../core/errors.js';

/** How far a download is: what the renderers draw a bar from. */
export interface DownloadProgress {
  bytes: number;
  /** Unknown when the server sends no length. */
  total?: number;
  /** Bytes per second over this run's transfer (resumed bytes are not counted as speed). */
  rateBytesPerSecond: number;
  etaSeconds?: number;
}

export interface DownloadOptions {
  onProgress?(progress: DownloadProgress): void;
  /** No byte for this long ends the download with an error (default 60 s): a stalled mirror must not hang bundle. */
  stallMs?: number;
  /** Minimum time between progress reports (default 200 ms). */
  progressEveryMs?: number;
  fetch?: typeof fetch;
}

export interface DownloadResult {
  bytes: number;
  /** Bytes that were already in the `.part` file from an interrupted run. */
  resumedFrom: number;
}

/**
 * Downloads url into `part` (a `.part` file the caller verifies and renames): an interrupted
 * download leaves the part behind, and the next run asks the server for the rest (HTTP Range)
 * instead of starting over. A server that ignores the range (200) gets the part rewritten; 416
 * with the part's own length means the part was already whole.
 */
export async function downloadFile(url: string, part: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  if (url.startsWith('file://')) {
    try {
      await copyFile(fileURLToPath(url), part);
    } catch (error) {
      throw new DatalypticaError('E_DOWNLOAD', `${url}: ${(error as Error).message}`, { hint: 'check the path (artifacts.mirror or artifacts.overrides)' });
    }
    const { size } = await stat(part);
    options.onProgress?.({ bytes: size, total: size, rateBytesPerSecond: 0, etaSeconds: 0 });
    return { bytes: size, resumedFrom: 0 };
  }
  const doFetch = options.fetch ?? fetch;
  const stallMs = options.stallMs ?? 60_000;
  const have = await stat(part).then((s) => s.size, () => 0);
  const controller = new AbortController();
  let stalled = false;
  let timer = setTimeout(() => ((stalled = true), controller.abort()), stallMs);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ((stalled = true), controller.abort()), stallMs);
  };
  try {
    const response = await doFetch(url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {}, signal: controller.signal, redirect: 'follow' });
    if (response.status === 416 && have > 0) {
      const whole = Number(/\*\/(\d+)/.exec(response.headers.get('content-range') ?? '')?.[1]);
      await response.body?.cancel();
      if (whole === have) return { bytes: have, resumedFrom: have };
      // The part is longer than the file or from another file: start again.
      await unlink(part);
      clearTimeout(timer);
      return downloadFile(url, part, options);
    }
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel();
      throw new DatalypticaError('E_DOWNLOAD', `${url}: HTTP ${response.status} ${response.statusText}`.trim(), {
        hint: 'check the address (artifacts.mirror or artifacts.overrides) and that this machine reaches it',
      });
    }
    const resumedFrom = response.status === 206 ? have : 0;
    const length = Number(response.headers.get('content-length'));
    const total = Number.isFinite(length) && response.headers.has('content-length') ? resumedFrom + length : undefined;
    const out = createWriteStream(part, { flags: resumedFrom > 0 ? 'a' : 'w' });
    const started = Date.now();
    let bytes = resumedFrom;
    let reported = 0;
    const report = (force: boolean) => {
      const now = Date.now();
      if (!force && now - reported < (options.progressEveryMs ?? 200)) return;
      reported = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rate = (bytes - resumedFrom) / seconds;
      const eta = total !== undefined && rate > 0 ? (total - bytes) / rate : undefined;
      options.onProgress?.({ bytes, ...(total !== undefined ? { total } : {}), rateBytesPerSecond: rate, ...(eta !== undefined ? { etaSeconds: eta } : {}) });
    };
    try {
      if (response.body) {
        for await (const chunk of response.body) {
          touch();
          bytes += chunk.length;
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          report(false);
        }
      }
    } finally {
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    }
    report(true);
    if (total !== undefined && bytes !== total) throw new Error(`got ${bytes} of ${total} bytes`);
    return { bytes, resumedFrom };
  } catch (error) {
    if (error instanceof DatalypticaError) throw error;
    const reason = stalled ? `no data for ${stallMs / 1000} s` : fetchFailure(error);
    throw new DatalypticaError('E_DOWNLOAD', `${url}: ${reason}; what arrived is kept in ${part}`, { hint: 'run bundle again: it resumes where this stopped', cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** A small text file (a published checksum), bounded in time. */
export async function fetchText(url: string, hint: string, fetchImpl: typeof fetch = fetch, timeoutMs = 30_000): Promise<string> {
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.text();
  } catch (error) {
    throw new DatalypticaError('E_DOWNLOAD', `${url}: ${fetchFailure(error)}`, { hint });
  }
}

/** fetch says only "fetch failed"; the reason (ENOTFOUND, ECONNREFUSED, a TLS error) is its cause. */
function fetchFailure(error: unknown): string {
  const message = (error as Error).message;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause ? `${message} (${cause.code ?? cause.message ?? String(cause)})` : message;
}
