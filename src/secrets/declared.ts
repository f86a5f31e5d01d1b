import type { SecretStore } from './store.js';

/**
 * A module's secrets by the keys it uses (`{ superuser: 'postgresql.superuser' }`), created on
 * first use and stable afterwards. The names are the module's own: the store knows no service.
 */
export async function declaredSecrets<K extends string>(store: SecretStore, names: Readonly<Record<K, string>>): Promise<Record<K, string>> {
  const entries = await Promise.all(Object.entries<string>(names).map(async ([key, name]) => [key, await store.getOrCreate(name)] as const));
  return Object.fromEntries(entries) as Record<K, string>;
}
