import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReproducibleTgz } from '../../src/artifacts/reproducible-tgz.js';

const dir = mkdtempSync(join(tmpdir(), 'datalyptica-tgz-'));
const longName = `${'x'.repeat(90)}.jar`; // the path is over 100 bytes: it goes into the prefix field

function inputs() {
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'b.jar'), 'second');
  writeFileSync(join(src, 'a.jar'), Buffer.alloc(700, 1));
  writeFileSync(join(src, 'long.jar'), 'long');
  // Given out of order: the archive sorts them.
  return [
    { name: 'kafka_2.13-3.9.0/libs/b.jar', source: join(src, 'b.jar') },
    { name: `kafka_2.13-3.9.0/libs/${longName}`, source: join(src, 'long.jar') },
    { name: 'kafka_2.13-3.9.0/libs/a.jar', source: join(src, 'a.jar') },
  ];
}

describe('writeReproducibleTgz', () => {
  it('packs the same files to the same bytes, sorted, owned by 0:0 at one fixed time', async () => {
    const files = inputs();
    await writeReproducibleTgz(join(dir, 'one.tgz'), files);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a later clock second changes nothing
    await writeReproducibleTgz(join(dir, 'two.tgz'), [...files].reverse());
    expect(readFileSync(join(dir, 'one.tgz')).equals(readFileSync(join(dir, 'two.tgz')))).toBe(true);
    const listing = execFileSync('tar', ['--numeric-owner', '--utc', '-tzvf', join(dir, 'one.tgz')], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.map((line) => line.split(/\s+/).slice(5).join(' '))).toEqual(['kafka_2.13-3.9.0/', 'kafka_2.13-3.9.0/libs/', 'kafka_2.13-3.9.0/libs/a.jar', 'kafka_2.13-3.9.0/libs/b.jar', `kafka_2.13-3.9.0/libs/${longName}`]);
    for (const line of listing) expect(line).toMatch(/^(drwxr-xr-x|-rw-r--r--) 0\/0 +\d+ 2024-11-06 00:00 /);
  });

  it('unpacks with tar to the original contents (names over 100 bytes included)', async () => {
    const files = inputs();
    await writeReproducibleTgz(join(dir, 'x.tgz'), files);
    const out = join(dir, 'out');
    mkdirSync(out);
    execFileSync('tar', ['-xzf', join(dir, 'x.tgz'), '-C', out, '--strip-components', '1']);
    expect(readFileSync(join(out, 'libs', 'a.jar')).equals(Buffer.alloc(700, 1))).toBe(true);
    expect(readFileSync(join(out, 'libs', 'b.jar'), 'utf8')).toBe('second');
    expect(readFileSync(join(out, 'libs', longName), 'utf8')).toBe('long');
  });

  it('carries a file name over 100 bytes (a wheel with many platform tags) in a pax header, the same bytes every time', async () => {
    const wheel = 'charset_normalizer-3.5.3-cp311-cp311-manylinux1_x86_64.manylinux_2_28_x86_64.manylinux_2_5_x86_64.whl';
    const src = join(dir, 'wheel');
    writeFileSync(src, 'wheel bytes');
    const files = [{ name: `mlflow-2.19.0-wheelhouse-cp311-linux_x86_64/wheels/${wheel}`, source: src }];
    await writeReproducibleTgz(join(dir, 'w1.tgz'), files);
    await writeReproducibleTgz(join(dir, 'w2.tgz'), files);
    expect(readFileSync(join(dir, 'w1.tgz')).equals(readFileSync(join(dir, 'w2.tgz')))).toBe(true);
    const out = join(dir, 'wheel-out');
    mkdirSync(out);
    execFileSync('tar', ['-xzf', join(dir, 'w1.tgz'), '-C', out, '--strip-components', '1']);
    expect(readFileSync(join(out, 'wheels', wheel), 'utf8')).toBe('wheel bytes');
    expect(execFileSync('tar', ['-tzf', join(dir, 'w1.tgz')], { encoding: 'utf8' }).trim().split('\n')).toEqual(['mlflow-2.19.0-wheelhouse-cp311-linux_x86_64/', 'mlflow-2.19.0-wheelhouse-cp311-linux_x86_64/wheels/', `mlflow-2.19.0-wheelhouse-cp311-linux_x86_64/wheels/${wheel}`]);
  });
});
