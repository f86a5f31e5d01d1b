import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostSession } from '../../src/engine/host-session.js';
import { nullRunLog } from '../../src/engine/run-log.js';
import { call } from '../../src/engine/shell.js';
import type { ExecOptions, ExecResult, Transport } from '../../src/ssh/transport.js';

/** Runs the real scripts with the local /bin/sh: proves the prelude does what the fake host assumes. */
class LocalShell implements Transport {
  readonly host = 'local';
  readonly user = userInfo().username;
  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve) => {
      const child = spawn('sh', ['-c', command]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => resolve({ code: code ?? 255, stdout, stderr }));
      child.stdin.end(options.stdin ?? '');
    });
  }
  async upload(content: Buffer | string, remotePath: string) {
    writeFileSync(remotePath, content, { mode: 0o600 });
  }
  async uploadFile(localPath: string, remotePath: string) {
    writeFileSync(remotePath, readFileSync(localPath), { mode: 0o600 });
  }
  async close() {}
}

const me = userInfo().username;
const myGroup = execFileSync('id', ['-gn']).toString().trim();

describe('the prelude on a real shell', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-prelude-'));
  const session = new HostSession(new LocalShell(), nullRunLog);

  it('probes files and directories in one batched script', async () => {
    writeFileSync(join(dir, 'a.conf'), 'hello\n', { mode: 0o640 });
    const [file, missing, directory, asFile, exists] = await session.probe([
      [call('dl_file', join(dir, 'a.conf'))],
      [call('dl_file', join(dir, 'nope'))],
      [call('dl_dir', dir)],
      [call('dl_file', dir)],
      [call('dl_exists', join(dir, 'a.conf')), call('dl_test', 'exit 3'), call('dl_test', 'true')],
    ]);
    const sha = createHash('sha256').update('hello\n').digest('hex');
    expect(file).toBe(`present ${sha} 640 ${me} ${myGroup}\n`);
    expect(missing).toBe('absent\n');
    expect(directory).toMatch(new RegExp(`^present 700 ${me} ${myGroup}\\n$`));
    expect(asFile).toBe('notfile\n');
    expect(exists).toBe('yes\nno\nyes\n');
  });

  it('installs a file atomically, keeping the previous version, and cats it as base64', async () => {
    const target = join(dir, 'sub', 'app.conf');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(target, 'old\n');
    const staged = join(dir, 'staged');
    writeFileSync(staged, 'new content\n');
    await session.run([call('dl_install_file', staged, target, '0600', me, myGroup)], 'install');
    expect(readFileSync(target, 'utf8')).toBe('new content\n');
    expect(readFileSync(`${target}.datalyptica-prev`, 'utf8')).toBe('old\n');
    const [cat] = await session.probe([[call('dl_cat', target)]]);
    expect(Buffer.from(cat!.trim(), 'base64').toString()).toBe('new content\n');
  });

  it('reads sysctls and the package manager in the documented formats', async () => {
    const [sysctl, pkg] = await session.probe([[call('dl_sysctl', 'kernel.ostype', 'no.such.key')], [call('dl_pkg', 'sh-no-such-package')]]);
    expect(sysctl).toMatch(/^kernel\.ostype (rw|ro) Linux\nno\.such\.key missing\n$/);
    expect(pkg).toMatch(/^(apt|dnf|none)\n/);
  });

  it('unpacks a checked archive into a fresh directory with a marker', async () => {
    const src = join(dir, 'src', 'kafka-1.0');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'bin'), 'x');
    const tarball = join(dir, 'kafka.tgz');
    execFileSync('tar', ['-czf', tarball, '-C', join(dir, 'src'), 'kafka-1.0']);
    const sha = createHash('sha256').update(readFileSync(tarball)).digest('hex');
    const dest = join(dir, 'opt-kafka');
    await session.run([call('dl_extract', tarball, dest, 1, sha, me, myGroup)], 'extract');
    expect(readFileSync(join(dest, 'bin'), 'utf8')).toBe('x');
    const [marker] = await session.probe([[call('dl_line', join(dest, '.datalyptica-artifact'))]]);
    expect(marker).toBe(`${sha}\n`);
  });

  it('a failing apply line names the host and the last stderr line', async () => {
    await expect(session.run([call('dl_sh', 'echo boom >&2; exit 4')], 'doing it')).rejects.toMatchObject({ code: 'E_REMOTE_COMMAND', message: 'local: doing it failed (exit 4): boom' });
  });
});
