import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { DatalypticaError } from '../core/errors.js';

export type ChecksumAlgorithm = 'sha512' | 'sha256' | 'sha1';

const HEX_LENGTH: Record<ChecksumAlgorithm, number> = { sha512: 128, sha256: 64, sha1: 40 };

/** The sum a file must have, and where that value came from (for the mismatch message). */
export interface ExpectedSum {
  algorithm: ChecksumAlgorithm;
  hex: string;
  /** `the artifact manifest`, `artifacts.overrides.kafka`, or the checksum file's URL. */
  from: string;
}

/** One read of the file, every sum asked for. */
export async function hashFile<A extends ChecksumAlgorithm>(path: string, algorithms: readonly A[]): Promise<Record<A, string>> {
  const hashes = algorithms.map((algorithm) => createHash(algorithm));
  for await (const chunk of createReadStream(path)) for (const hash of hashes) hash.update(chunk as Buffer);
  return Object.fromEntries(algorithms.map((algorithm, index) => [algorithm, hashes[index]!.digest('hex')])) as Record<A, string>;
}

/** Whether text is a sum of that algorithm (hex of the right length, any case). */
export function isHexSum(algorithm: ChecksumAlgorithm, text: string): boolean {
  return new RegExp(`^[0-9a-fA-F]{${HEX_LENGTH[algorithm]}}$`).test(text);
}

/**
 * The sum in a published checksum file. Projects write two shapes: `sha512sum`'s
 * `<hex>  <file>` (or the bare hex), and Apache's `gpg --print-md` layout,
 * `<file>: 7A1E0A1B 9E6D0F8E ...`, upper case in groups over several lines.
 */
export function parseChecksumFile(text: string, algorithm: ChecksumAlgorithm, url: string): string {
  const gpg = /^\s*[^\s:]+:\s*([0-9A-Fa-f\s]+)$/.exec(text);
  const candidate = gpg ? gpg[1]!.replace(/\s+/g, '') : (text.trim().split(/\s+/)[0] ?? '');
  if (!isHexSum(algorithm, candidate)) {
    throw new DatalypticaError('E_CHECKSUM_FILE', `${url}: not a ${algorithm} checksum file (${JSON.stringify(text.slice(0, 60))})`, {
      hint: 'check the checksum URL, or record the sum in artifacts.overrides.<component>.sha256',
    });
  }
  return candidate.toLowerCase();
}

/**
 * Verifies a downloaded file against its expected sum; a mismatch deletes the file (a bad
 * download must not be taken for a good one by the next run) and names both sums. Returns the
 * file's sha256, which the bundle manifest records, from the same read.
 */
export async function verifyFile(path: string, expected: ExpectedSum | undefined, label: string): Promise<string> {
  const algorithms: ChecksumAlgorithm[] = expected && expected.algorithm !== 'sha256' ? ['sha256', expected.algorithm] : ['sha256'];
  const sums = await hashFile(path, algorithms);
  if (expected && sums[expected.algorithm] !== expected.hex.toLowerCase()) {
    await unlink(path).catch(() => undefined);
    throw new DatalypticaError(
      'E_CHECKSUM_MISMATCH',
      `${label}: ${expected.algorithm} mismatch: expected ${expected.hex.toLowerCase()} (${expected.from}), found ${sums[expected.algorithm]}; the file was deleted`,
      { hint: 'run bundle again to download it afresh; if it fails the same way, the source or the recorded sum is wrong' },
    );
  }
  return sums.sha256;
}
