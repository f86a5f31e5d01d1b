/* eslint-disable @typescript-eslint/no-explicit-any -- ssh2 ships no types in this project */
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshTransport } from '../../src/ssh/ssh-transport.js';
import type { SshSettings } from '../../src/inventory/model.js';

const ssh2 = createRequire(import.meta.url)('ssh2') as any;
const noSleep = { now: () => 0, sleep: async () => undefined };

/** An in-process SSH server on loopback: echoes each command with its stdin; `exit N` exits N. */
function startServer(hostKey: string, clientPublic: any): Promise<{ port: number; close(): void }> {
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client: any) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx: any) => {
      if (ctx.method === 'publickey' && ctx.key.data.equals(clientPublic.getPublicSSH())) return ctx.accept();
      ctx.reject(['publickey']);
    });
    client.on('ready', () =>
      client.on('session', (accept: any) =>
        accept().on('exec', (acceptExec: any, _reject: any, info: any) => {
          const stream = acceptExec();
          let input = '';
          stream.on('data', (chunk: Buffer) => (input += chunk));
          stream.on('end', () => {
            stream.write(`cmd:${info.command}\nstdin:${input}`);
            stream.stderr.write('to stderr');
            stream.exit(Number(/^exit (\d+)$/.exec(info.command)?.[1] ?? 0));
            stream.end();
          });
        }),
      ),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, close: () => server.close() })));
}

describe('SshTransport against a loopback SSH server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-ssh-'));
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
  const clientKey = ssh2.utils.generateKeyPairSync('ed25519');
  const keyPath = join(dir, 'id_ed25519');
  writeFileSync(keyPath, clientKey.private, { mode: 0o600 });
  let server: { port: number; close(): void };
  const settings = (knownHosts: string): SshSettings => ({ user: 'root', port: server.port, privateKey: keyPath, knownHosts, agent: false, connectTimeoutSeconds: 5 });
  const connect = (knownHosts: string, acceptNewHostKeys: boolean) =>
    SshTransport.connect({ host: 'vm1', address: '127.0.0.1', ssh: settings(knownHosts), acceptNewHostKeys, env: {}, clock: noSleep });

  beforeAll(async () => {
    server = await startServer(hostKey.private, ssh2.utils.parseKey(clientKey.public));
  });
  afterAll(() => server.close());

  it('refuses an unknown host key, trusts it with accept-new, then runs commands with stdin and exit codes', async () => {
    const knownHosts = join(dir, 'known_hosts');
    await expect(connect(knownHosts, false)).rejects.toMatchObject({ code: 'E_HOSTKEY_UNKNOWN' });
    (await connect(knownHosts, true)).close();
    expect(readFileSync(knownHosts, 'utf8')).toContain('ssh-ed25519');
    const transport = await connect(knownHosts, false);
    expect(await transport.exec('echo hi', { stdin: 'input' })).toEqual({ code: 0, stdout: 'cmd:echo hi\nstdin:input', stderr: 'to stderr' });
    expect((await transport.exec('exit 3')).code).toBe(3);
    expect(await transport.exec('as root', { sudo: true })).toMatchObject({ stdout: 'cmd:as root\nstdin:' }); // root: no sudo wrapper
    await transport.close();
  });

  it('refuses a changed host key, naming the host and how to remove the old key', async () => {
    const knownHosts = join(dir, 'known_hosts_changed');
    const other = ssh2.utils.parseKey(ssh2.utils.generateKeyPairSync('ed25519').public);
    writeFileSync(knownHosts, `[127.0.0.1]:${server.port} ssh-ed25519 ${other.getPublicSSH().toString('base64')}\n`);
    await expect(connect(knownHosts, true)).rejects.toMatchObject({
      code: 'E_HOSTKEY_CHANGED',
      message: expect.stringContaining(`vm1 (127.0.0.1:${server.port}): host key CHANGED`),
      hint: expect.stringContaining('ssh-keygen -R'),
    });
  });

  it('a refused key is one line naming host and user, without retries', async () => {
    const wrongKey = join(dir, 'wrong');
    writeFileSync(wrongKey, ssh2.utils.generateKeyPairSync('ed25519').private);
    const knownHosts = join(dir, 'known_hosts');
    await expect(
      SshTransport.connect({ host: 'vm1', address: '127.0.0.1', ssh: { ...settings(knownHosts), privateKey: wrongKey }, acceptNewHostKeys: false, env: {}, clock: noSleep }),
    ).rejects.toMatchObject({ code: 'E_SSH_AUTH', message: `vm1 (127.0.0.1:${server.port}): SSH key refused for user root` });
  });

  it('a closed port is "connection refused" after the retries', async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as AddressInfo).port)));
    probe.close();
    let sleeps = 0;
    await expect(
      SshTransport.connect({ host: 'vm9', address: '127.0.0.1', ssh: { ...settings(join(dir, 'kh')), port }, acceptNewHostKeys: false, env: {}, clock: { now: () => 0, sleep: async () => void sleeps++ } }),
    ).rejects.toMatchObject({ code: 'E_SSH_REFUSED', message: `vm9 (127.0.0.1:${port}): connection refused` });
    expect(sleeps).toBe(3); // four attempts
  });
});
