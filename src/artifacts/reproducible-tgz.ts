import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** A file to pack: its path inside the archive and where it is on disk. */
export interface TarInput {
  name: string;
  source: string;
}

/**
 * Every entry's modification time: fixed, so the same files always pack to the same bytes
 * (2024-11-06, Kafka 3.9.0's release day; any constant would do, 0 makes some tools warn).
 */
export const FIXED_MTIME = 1_730_851_200;

const BLOCK = 512;

/**
 * Packs files into a gzip'd ustar archive that is the same byte for byte every time: entries
 * sorted by name, directories listed before their contents, owner 0:0 with no user names,
 * modes 0755/0644, one fixed mtime, and gzip without a name or time in its header. That is
 * what lets a lab bundle built twice from an empty Maven repository record one sha256.
 */
export async function writeReproducibleTgz(dest: string, files: readonly TarInput[]): Promise<void> {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const directories = [...new Set(sorted.flatMap((file) => parentDirectories(file.name)))].sort();
  const sizes = await Promise.all(sorted.map(async (file) => (await stat(file.source)).size));
  async function* entries(): AsyncGenerator<Buffer> {
    for (const dir of directories) yield header(`${dir}/`, 0, 0o755, '5');
    for (const [index, file] of sorted.entries()) {
      const size = sizes[index]!;
      if (!fitsUstar(file.name)) yield* paxPath(file.name);
      yield header(file.name, size, 0o644, '0');
      let written = 0;
      for await (const chunk of createReadStream(file.source)) {
        written += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (written !== size) throw new Error(`${file.source} changed size while it was packed`);
      if (size % BLOCK !== 0) yield Buffer.alloc(BLOCK - (size % BLOCK));
    }
    yield Buffer.alloc(BLOCK * 2);
  }
  await pipeline(Readable.from(entries()), createGzip({ level: 9 }), createWriteStream(dest));
}

/** `a/b/c.jar` -> `a`, `a/b`. */
function parentDirectories(name: string): string[] {
  const parts = name.split('/').slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

/**
 * A pax extended header carrying a path ustar cannot hold (a wheel's name alone may pass 100
 * bytes); readers then ignore the truncated name in the ustar header after it.
 */
function* paxPath(path: string): Generator<Buffer> {
  const body = ` path=${path}\n`;
  let length = Buffer.byteLength(body);
  while (Buffer.byteLength(`${length}${body}`) !== length) length = Buffer.byteLength(`${length}${body}`);
  const record = Buffer.from(`${length}${body}`);
  yield header('././@PaxHeader', record.length, 0o644, 'x');
  yield record;
  if (record.length % BLOCK !== 0) yield Buffer.alloc(BLOCK - (record.length % BLOCK));
}

function fitsUstar(path: string): boolean {
  return splitName(path) !== undefined;
}

/** A ustar header; names longer than 100 bytes go into the 155-byte prefix at a slash, else are cut (a pax header precedes). */
function header(path: string, size: number, mode: number, type: '0' | '5' | 'x'): Buffer {
  const block = Buffer.alloc(BLOCK);
  const [prefix, name] = splitName(path) ?? ['', Buffer.from(path).subarray(0, 100).toString('utf8')];
  block.write(name, 0, 100, 'utf8');
  octal(block, 100, 8, mode);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, FIXED_MTIME);
  block.fill(' ', 148, 156);
  block.write(type, 156, 1, 'ascii');
  block.write('ustar\u0000', 257, 6, 'ascii');
  block.write('00', 263, 2, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

function splitName(path: string): [string, string] | undefined {
  if (Buffer.byteLength(path) <= 100) return ['', path];
  const cut = path.lastIndexOf('/', path.length - 2);
  const prefix = path.slice(0, cut);
  const name = path.slice(cut + 1);
  if (cut <= 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(name) > 100) return undefined;
  return [prefix, name];
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}
