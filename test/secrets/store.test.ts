import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../src/engine/redactor.js';
import { generateSecret } from '../../src/secrets/generate.js';
import { HAPROXY_SECRETS } from '../../phases/02-coordination/haproxy/steps.js';
import { POSTGRES_SECRETS } from '../../phases/03-data/postgresql/config.js';
import { declaredSecrets } from '../../src/secrets/declared.js';
import { SecretStore } from '../../src/secrets/store.js';

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function stateDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'datalyptica-secrets-'));
  scratch.push(root);
  return join(root, '.datalyptica');
}

describe('SecretStore', () => {
  it('creates a value once and returns the same one afterwards, also from a new store', async () => {
    const dir = stateDir();
    const store = await SecretStore.open(dir);
    const first = await store.getOrCreate('postgresql.superuser');
    expect(first).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(await store.getOrCreate('postgresql.superuser')).toBe(first);
    expect(await (await SecretStore.open(dir)).getOrCreate('postgresql.superuser')).toBe(first);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('loses nothing when parallel tasks create different secrets', async () => {
    const dir = stateDir();
    const store = await SecretStore.open(dir);
    const names = Array.from({ length: 8 }, (_, i) => `parallel.s${i}`);
    const values = await Promise.all(names.map((name) => store.getOrCreate(name)));
    const file = JSON.parse(readFileSync(store.path, 'utf8'));
    expect(names.map((name) => file.secrets[name])).toEqual(values);
  });

  it('hands every value it reads or makes to the redactor', async () => {
    const dir = stateDir();
    const made = await (await SecretStore.open(dir)).getOrCreate('haproxy.stats');
    const redactor = new Redactor();
    const store = await SecretStore.open(dir, { redactor });
    expect(redactor.redact(`stats auth admin:${made}`)).toBe('stats auth admin:***');
    const created = await store.getOrCreate('patroni.restapi');
    expect(redactor.redact(created)).toBe('***');
  });

  it('refuses a secrets file others can read, and a corrupt one', async () => {
    const dir = stateDir();
    const store = await SecretStore.open(dir);
    await store.getOrCreate('a.b');
    chmodSync(store.path, 0o644);
    await expect(SecretStore.open(dir)).rejects.toMatchObject({ code: 'E_SECRETS_MODE' });
    writeFileSync(store.path, '{"version":1,"secrets":{"a":5}}', { mode: 0o600 });
    chmodSync(store.path, 0o600);
    await expect(SecretStore.open(dir)).rejects.toMatchObject({ code: 'E_SECRETS_CORRUPT' });
  });

  it('refuses names that are not lower-case dotted words', async () => {
    const store = await SecretStore.open(stateDir());
    await expect(store.getOrCreate('../x')).rejects.toMatchObject({ code: 'E_SECRET_NAME' });
  });

  it('gives phases 2-3 distinct, stable secrets', async () => {
    const store = await SecretStore.open(stateDir());
    const phaseSecrets = async () => ({ patroni: await declaredSecrets(store, POSTGRES_SECRETS), haproxy: await declaredSecrets(store, HAPROXY_SECRETS) });
    const first = await phaseSecrets();
    const values = [...Object.values(first.patroni), first.haproxy.statsPassword];
    expect(new Set(values).size).toBe(5);
    expect(await phaseSecrets()).toEqual(first);
  });

  it('generates the requested length from letters and digits', () => {
    expect(generateSecret({ length: 12 })).toMatch(/^[A-Za-z0-9]{12}$/);
  });
});
