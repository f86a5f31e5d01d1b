/* eslint-disable @typescript-eslint/no-explicit-any -- ssh2 ships no types in this project */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshTransport } from '../../src/ssh/ssh-transport.js';

const ssh2 = createRequire(import.meta.url)('ssh2') as any;

/**
 * A loopback SSH server that really runs each command with `sh -c` here, in a new session like
 * sshd does (detached = setsid), so the bounds, the process-group report and the kill over a
 * second exec are exercised for real, on real processes.
 */
function startShellServer(hostKey: string): Promise<{ port: number; close(): void }> {
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client: any) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx: any) => ctx.accept());
    client.on('ready', () =>
      client.on('session', (accept: any) =>
        accept().on('exec', (acceptExec: any, _reject: any, info: any) => {
          const stream = acceptExec();
          const child = spawn('sh', ['-c', info.command], { detached: true, stdio: 'pipe' });
          stream.pipe(child.stdin).on('error', () => undefined);
          child.stdout.pipe(stream, { end: false });
          child.stderr.pipe(stream.stderr, { end: false });
          child.on('close', (code) => {
            stream.exit(code ?? 255);
            stream.end();
          });
        }),
      ),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, close: () => server.close() })));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('bounded exec over SSH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-bounds-'));
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
  let server: { port: number; close(): void };
  let transport: SshTransport;

  beforeAll(async () => {
    server = await startShellServer(hostKey.private);
    const keyPath = join(dir, 'id');
    writeFileSync(keyPath, ssh2.utils.generateKeyPairSync('ed25519').private, { mode: 0o600 });
    transport = await SshTransport.connect({
      host: 'vm1',
      address: '127.0.0.1',
      ssh: { user: 'root', port: server.port, privateKey: keyPath, knownHosts: join(dir, 'known_hosts'), agent: false, connectTimeoutSeconds: 5 },
      acceptNewHostKeys: true,
      env: {},
    });
  });
  afterAll(async () => {
    await transport?.close();
    server.close();
  });

  it('a bounded command that finishes returns its output and exit code, without the process-group report', async () => {
    const result = await transport.exec('echo out; echo err >&2; exit 3', { timeoutMs: 10_000, idleTimeoutMs: 5_000 });
    expect(result).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('past the total bound the whole process tree is killed and the error names host, command and last output', async () => {
    const pidFile = join(dir, 'total.pid');
    const started = Date.now();
    const error = await transport.exec(`echo one >&2; sleep 0.1; echo two; echo three; sleep 30 & echo $! > ${pidFile}; wait`, { timeoutMs: 800, what: 'hang forever' }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({
      code: 'E_REMOTE_TIMEOUT',
      message: 'vm1: hang forever did not finish within 800 ms (killed on the host); last output: one | two | three',
      hint: expect.stringContaining('install --resume'),
    });
    expect(elapsed).toBeGreaterThanOrEqual(800);
    expect(elapsed).toBeLessThan(6000);
    // The backgrounded sleep was in the command's process group: it is gone too.
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    await expect.poll(() => alive(sleeper), { timeout: 3000 }).toBe(false);
  });

  it('output resets the idle timer; silence past the idle bound kills the command', async () => {
    const started = Date.now();
    // Six ticks 200 ms apart outlast the 700 ms idle bound only if each tick resets it.
    const error = await transport.exec('for i in 1 2 3 4 5 6; do echo tick $i; sleep 0.2; done; exec sleep 30', { idleTimeoutMs: 700, timeoutMs: 20_000 }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({
      code: 'E_REMOTE_TIMEOUT',
      message: 'vm1: for i in 1 2 3 4 5 6; do echo tick $i; sleep 0.2; done; exec sleep 30 printed nothing for 700 ms (killed on the host); last output: tick 4 | tick 5 | tick 6',
    });
    // The sixth tick comes 1.0 s in (five sleeps after the first), so the idle bound expires 1.7 s in at the earliest.
    expect(elapsed).toBeGreaterThanOrEqual(1700);
    expect(elapsed).toBeLessThan(8000);
  });

  it('names the call, never the script on stdin (which may hold secrets)', async () => {
    const error = await transport.exec('sh -s', { stdin: 'PASSWORD=hunter2\nsleep 30\n', what: 'write the secrets', timeoutMs: 300 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^vm1: write the secrets did not finish within 300 ms \(killed on the host\); no output$/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('the connection stays usable after a kill', async () => {
    await transport.exec('sleep 30', { timeoutMs: 200 }).catch(() => undefined);
    expect((await transport.exec('echo still here', { timeoutMs: 5000 })).stdout).toBe('still here\n');
  });
});
