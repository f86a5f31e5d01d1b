import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostKeyVerifier } from '../../src/ssh/host-key-verifier.js';
import { checkHostKey, hostKeyAlgorithmsFor, keyTypeOf, knownHostName, parseKnownHosts } from '../../src/ssh/known-hosts.js';

/** An SSH wire-format public key blob: string type, then some key bytes. */
function blob(type: string, fill: number): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, Buffer.alloc(32, fill)]);
}

function hashed(name: string, salt = Buffer.alloc(20, 7)): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

const ed = blob('ssh-ed25519', 1);
const edOther = blob('ssh-ed25519', 2);
const ecdsa = blob('ecdsa-sha2-nistp256', 3);

describe('known_hosts', () => {
  const text = [
    '# comment',
    `${hashed('198.18.0.11')} ssh-ed25519 ${ed.toString('base64')}`,
    `[198.18.0.12]:2222,vm2 ssh-ed25519 ${ed.toString('base64')} root@vm2`,
    `198.18.0.13 ecdsa-sha2-nistp256 ${ecdsa.toString('base64')}`,
    `@revoked * ssh-ed25519 ${blob('ssh-ed25519', 9).toString('base64')}`,
    `198.19.5.*,!198.19.5.99 ssh-rsa AAAA`,
    '',
  ].join('\n');
  const entries = parseKnownHosts(text);

  it('parses plain, hashed, bracketed-port and marker entries', () => {
    expect(entries).toHaveLength(5);
    expect(entries[3]).toMatchObject({ marker: '@revoked', hosts: '*' });
    expect(keyTypeOf(ed)).toBe('ssh-ed25519');
    expect(knownHostName('198.18.0.12', 2222)).toBe('[198.18.0.12]:2222');
  });

  it('matches hashed |1| entries and non-default ports', () => {
    expect(checkHostKey(entries, '198.18.0.11', ed)).toEqual({ status: 'known' });
    expect(checkHostKey(entries, '[198.18.0.12]:2222', ed)).toEqual({ status: 'known' });
    expect(checkHostKey(entries, '198.18.0.12', ed)).toEqual({ status: 'unknown' });
    expect(checkHostKey(entries, 'vm2', ed)).toEqual({ status: 'known' });
  });

  it('reports a changed key of the same type, and a revoked key', () => {
    expect(checkHostKey(entries, '198.18.0.11', edOther)).toEqual({ status: 'changed', line: 2 });
    expect(checkHostKey(entries, '203.0.113.1', blob('ssh-ed25519', 9))).toEqual({ status: 'revoked', line: 5 });
  });

  it('offers only the recorded key types for a known host', () => {
    expect(hostKeyAlgorithmsFor(entries, '198.18.0.13')).toEqual(['ecdsa-sha2-nistp256']);
    expect(hostKeyAlgorithmsFor(entries, '198.19.5.99')).toBeUndefined();
    expect(hostKeyAlgorithmsFor(entries, '198.19.5.50')).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(hostKeyAlgorithmsFor(entries, '10.0.0.1')).toBeUndefined();
  });
});

describe('HostKeyVerifier', () => {
  const target = { host: 'vm1', address: '198.18.0.11', port: 22, user: 'root' };

  it('refuses an unknown host by default, naming it, with the trust-on-first-use hint', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dl-kh-')), 'known_hosts');
    const verifier = new HostKeyVerifier(target, path, false);
    expect(verifier.verify(ed)).toBe(false);
    expect(verifier.rejection).toMatchObject({ code: 'E_HOSTKEY_UNKNOWN', message: expect.stringContaining('vm1 (198.18.0.11:22)'), hint: expect.stringContaining('--accept-new-host-keys') });
  });

  it('accept-new appends a hashed entry, then refuses a changed key with how to remove the old one', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dl-kh-')), 'known_hosts');
    expect(new HostKeyVerifier(target, path, true).verify(ed)).toBe(true);
    expect(readFileSync(path, 'utf8')).toMatch(/^\|1\|.+ ssh-ed25519 /);
    expect(new HostKeyVerifier(target, path, false).verify(ed)).toBe(true);
    const changed = new HostKeyVerifier(target, path, true);
    expect(changed.verify(edOther)).toBe(false);
    expect(changed.rejection).toMatchObject({ code: 'E_HOSTKEY_CHANGED', message: expect.stringContaining('vm1 (198.18.0.11:22): host key CHANGED'), hint: expect.stringContaining(`ssh-keygen -R '198.18.0.11' -f ${path}`) });
  });

  it('falls back to the host name when the address is not recorded', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dl-kh-')), 'known_hosts');
    writeFileSync(path, `vm1 ssh-ed25519 ${ed.toString('base64')}\n`);
    expect(new HostKeyVerifier(target, path, false).verify(ed)).toBe(true);
  });
});
