import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFile, parseChecksumFile, verifyFile } from '../../src/artifacts/checksum.js';

const dir = mkdtempSync(join(tmpdir(), 'datalyptica-checksum-'));
const sum = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');

describe('checksums', () => {
  it("reads sha512sum's layout and Apache's gpg --print-md layout", () => {
    const hex = sum('sha512', 'kafka');
    expect(parseChecksumFile(`${hex}  kafka_2.13-3.9.0.tgz\n`, 'sha512', 'u')).toBe(hex);
    expect(parseChecksumFile(hex, 'sha512', 'u')).toBe(hex);
    const groups = hex.toUpperCase().match(/.{8}/g)!;
    const gpg = `kafka_2.13-3.9.0.tgz: ${groups.slice(0, 8).join(' ')}\n                      ${groups.slice(8).join(' ')}\n`;
    expect(parseChecksumFile(gpg, 'sha512', 'u')).toBe(hex);
  });

  it('refuses a checksum file that holds no sum of that algorithm', () => {
    expect(() => parseChecksumFile('<html>not found</html>', 'sha512', 'https://example.org/x.sha512')).toThrow(expect.objectContaining({ code: 'E_CHECKSUM_FILE' }));
    expect(() => parseChecksumFile(sum('sha256', 'x'), 'sha512', 'u')).toThrow(expect.objectContaining({ code: 'E_CHECKSUM_FILE' }));
  });

  it('hashes a file once for several algorithms', async () => {
    const file = join(dir, 'a');
    writeFileSync(file, 'hello');
    expect(await hashFile(file, ['sha256', 'sha1'])).toEqual({ sha256: sum('sha256', 'hello'), sha1: sum('sha1', 'hello') });
  });

  it('returns the sha256 of a good file, and deletes a bad one naming both sums', async () => {
    const file = join(dir, 'b');
    writeFileSync(file, 'payload');
    expect(await verifyFile(file, { algorithm: 'sha512', hex: sum('sha512', 'payload').toUpperCase(), from: 'test' }, 'b')).toBe(sum('sha256', 'payload'));
    const wrong = sum('sha512', 'other');
    await expect(verifyFile(file, { algorithm: 'sha512', hex: wrong, from: 'https://example.org/b.sha512' }, 'kafka 3.9.0 (b)')).rejects.toMatchObject({
      code: 'E_CHECKSUM_MISMATCH',
      message: `kafka 3.9.0 (b): sha512 mismatch: expected ${wrong} (https://example.org/b.sha512), found ${sum('sha512', 'payload')}; the file was deleted`,
    });
    expect(existsSync(file)).toBe(false);
  });
});
