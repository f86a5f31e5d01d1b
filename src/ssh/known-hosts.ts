import { createHmac, randomBytes } from 'node:crypto';

/**
 * OpenSSH known_hosts: `[marker] hostpatterns keytype base64key [comment]`, where host patterns
 * are plain (`host`, `[host]:port`, comma-separated, `*`/`?` wildcards, `!` negation) or
 * hashed (`|1|base64(salt)|base64(hmac-sha1(salt, host))`).
 */
export interface KnownHostEntry {
  hosts: string;
  keyType: string;
  key: string; // base64 of the SSH wire-format public key
  marker?: '@revoked' | '@cert-authority';
  line: number;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    const [hosts, keyType, key] = fields;
    if (!hosts || !keyType || !key) return;
    entries.push({ hosts, keyType, key, marker, line: index + 1 });
  });
  return entries;
}

/** The name OpenSSH records for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(name);
}

function hashedMatch(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

export function entryMatchesHost(entry: KnownHostEntry, name: string): boolean {
  if (entry.hosts.startsWith('|')) return hashedMatch(entry.hosts, name);
  let matched = false;
  for (const pattern of entry.hosts.split(',')) {
    if (pattern.startsWith('!')) {
      if (globMatch(pattern.slice(1), name)) return false;
    } else if (globMatch(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** The key type named inside an SSH wire-format public key blob (first length-prefixed string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return '';
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('ascii');
}

export type HostKeyVerdict =
  | { status: 'known' }
  | { status: 'unknown' }
  | { status: 'changed'; line: number }
  | { status: 'revoked'; line: number };

/** Compares the key a server presented against the entries recorded for its name. */
export function checkHostKey(entries: KnownHostEntry[], name: string, presented: Buffer): HostKeyVerdict {
  const presentedB64 = presented.toString('base64');
  const presentedType = keyTypeOf(presented);
  const forHost = entries.filter((entry) => entry.marker !== '@cert-authority' && entryMatchesHost(entry, name));
  const revoked = forHost.find((entry) => entry.marker === '@revoked' && entry.key === presentedB64);
  if (revoked) return { status: 'revoked', line: revoked.line };
  const plain = forHost.filter((entry) => entry.marker === undefined);
  if (plain.some((entry) => entry.key === presentedB64)) return { status: 'known' };
  const sameType = plain.find((entry) => entry.keyType === presentedType);
  if (sameType) return { status: 'changed', line: sameType.line };
  // A host recorded only with other key types: we restrict negotiation to those types, so a
  // different type here means the host no longer offers the recorded key.
  if (plain.length > 0) return { status: 'changed', line: plain[0]!.line };
  return { status: 'unknown' };
}

/**
 * Host-key algorithms to offer for a host we know, so the server presents a key we can compare
 * (OpenSSH does the same). Undefined when the host is unknown: accept ssh2's defaults.
 */
export function hostKeyAlgorithmsFor(entries: KnownHostEntry[], name: string): string[] | undefined {
  const types = new Set(entries.filter((entry) => entry.marker === undefined && entryMatchesHost(entry, name)).map((entry) => entry.keyType));
  if (types.size === 0) return undefined;
  const algorithms: string[] = [];
  for (const type of types) {
    if (type === 'ssh-rsa') algorithms.push('rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa');
    else algorithms.push(type);
  }
  return algorithms;
}

/** One line to append for a newly trusted host, hashed like OpenSSH's HashKnownHosts. */
export function knownHostsLine(name: string, presented: Buffer): string {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash} ${keyTypeOf(presented)} ${presented.toString('base64')}\n`;
}
