import { posix } from 'node:path';
import type { ArtifactRelease, PublishedChecksum } from '../catalog/artifacts.js';
import { DatalypticaError } from '../core/errors.js';
import type { ArtifactSources } from '../inventory/model.js';
import type { ChecksumAlgorithm, ExpectedSum } from './checksum.js';

/** Where one release is downloaded from and how its sum is known. */
export interface DownloadSource {
  url: string;
  /** `official`, `mirror` or `override`: what the bundle manifest records as the origin's kind. */
  via: 'official' | 'mirror' | 'override';
  /** An inline sum, or the URL of a checksum file to fetch first. */
  checksum: { expected: ExpectedSum } | { url: string; algorithm: ChecksumAlgorithm };
}

/**
 * The address and checksum of a release for this inventory: a per-component override wins
 * (artifacts.overrides.<component>: url, sha256, sha512), then the mirror base URL (the file
 * name under it, and its checksum file beside it), then the official download. A release with
 * no published checksum and none in the inventory is refused: nothing unverified goes in a bundle.
 */
export function downloadSource(release: ArtifactRelease, artifacts: ArtifactSources | undefined): DownloadSource {
  const override = artifacts?.overrides?.[release.component];
  const mirror = artifacts?.mirror?.replace(/\/+$/, '');
  const url = override?.url ?? (mirror ? `${mirror}/${release.file}` : release.url);
  const via = override?.url ? 'override' : mirror ? 'mirror' : 'official';
  const setting = `artifacts.overrides.${release.component}`;
  if (override?.sha512) return { url, via, checksum: { expected: { algorithm: 'sha512', hex: override.sha512, from: `${setting}.sha512` } } };
  if (override?.sha256) return { url, via, checksum: { expected: { algorithm: 'sha256', hex: override.sha256, from: `${setting}.sha256` } } };
  const published = release.checksum;
  if (!published) {
    throw new DatalypticaError('E_ARTIFACT_CHECKSUM', `${release.component} ${release.version}: ${release.url} has no published checksum, and the inventory records none`, {
      hint: `set ${setting}.sha256 (or .sha512) to the sum of the archive you trust`,
    });
  }
  return { url, via, checksum: publishedChecksum(published, mirror) };
}

function publishedChecksum(published: PublishedChecksum, mirror: string | undefined): DownloadSource['checksum'] {
  const inline = (algorithm: ChecksumAlgorithm, hex: string) => ({ expected: { algorithm, hex, from: 'the artifact manifest' } });
  // A mirror of the project's downloads carries the checksum files beside the archives.
  const beside = (url: string) => (mirror ? `${mirror}/${posix.basename(new URL(url).pathname)}` : url);
  if ('sha512' in published) return inline('sha512', published.sha512);
  if ('sha256' in published) return inline('sha256', published.sha256);
  if ('sha1' in published) return inline('sha1', published.sha1);
  if ('sha512Url' in published) return { url: beside(published.sha512Url), algorithm: 'sha512' };
  return { url: beside(published.sha256Url), algorithm: 'sha256' };
}
