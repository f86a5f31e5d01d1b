import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DatalypticaError } from '../core/errors.js';
import type { ArtifactSource, ArtifactStore } from './resource.js';

/** Fetches a URL as a byte stream; the network side of the cache, replaced in tests. */
export type Download = (url: string) => Promise<Readable>;

export const httpDownload: Download = async (url) => {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
};

export interface ArtifactCacheOptions {
  cacheDir?: string;
  /** Offline bundle directory on the control machine (inventory artifacts.bundleDir). */
  bundleDir?: string;
  /** Mirror base URL (inventory artifacts.mirror). */
  mirror?: string;
  download?: Download;
}

/**
 * Control-side cache (~/.cache/datalyptica/artifacts): each artifact is fetched once, from the
 * bundle directory, the mirror or its URL (in that order), and kept only if its sha256 matches.
 */
export class ArtifactCache implements ArtifactStore {
  private readonly dir: string;
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly options: ArtifactCacheOptions = {}) {
    this.dir = options.cacheDir ?? join(homedir(), '.cache', 'datalyptica', 'artifacts');
  }

  fetch(source: ArtifactSource): Promise<string> {
    const key = source.sha256.toLowerCase();
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.load(source);
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async load(source: ArtifactSource): Promise<string> {
    const sha = source.sha256.toLowerCase();
    const path = join(this.dir, `${sha.slice(0, 16)}-${source.fileName}`);
    if (existsSync(path) && (await fileSha256(path)) === sha) return path;
    mkdirSync(this.dir, { recursive: true });
    const candidates = this.candidates(source);
    if (candidates.length === 0) {
      throw new DatalypticaError('E_ARTIFACT_SOURCE', `no source for ${source.fileName}`, { hint: 'set artifacts.mirror or artifacts.bundleDir in the inventory' });
    }
    const failures: string[] = [];
    for (const candidate of candidates) {
      const partial = `${path}.part`;
      try {
        const input = candidate.startsWith('/') ? createReadStream(candidate) : await (this.options.download ?? httpDownload)(candidate);
        const hash = createHash('sha256');
        input.on('data', (chunk: Buffer) => hash.update(chunk));
        await pipeline(input, createWriteStream(partial));
        const actual = hash.digest('hex');
        if (actual !== sha) {
          rmSync(partial, { force: true });
          throw new DatalypticaError('E_ARTIFACT_CHECKSUM', `${source.fileName} from ${candidate} has sha256 ${actual}, expected ${sha}`, {
            hint: 'the download is corrupt or the expected checksum is wrong; check the source',
          });
        }
        renameSync(partial, path);
        return path;
      } catch (error) {
        rmSync(partial, { force: true });
        if (error instanceof DatalypticaError) throw error;
        failures.push(`${candidate}: ${(error as Error).message}`);
      }
    }
    throw new DatalypticaError('E_ARTIFACT_DOWNLOAD', `cannot fetch ${source.fileName} (${failures.join('; ')})`, {
      hint: 'check the network or put the file in artifacts.bundleDir',
    });
  }

  private candidates(source: ArtifactSource): string[] {
    const list: string[] = [];
    if (this.options.bundleDir && existsSync(join(this.options.bundleDir, source.fileName))) list.push(join(this.options.bundleDir, source.fileName));
    if (this.options.mirror) list.push(`${this.options.mirror.replace(/\/$/, '')}/${source.fileName}`);
    if (source.url) list.push(source.url);
    return list;
  }
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
