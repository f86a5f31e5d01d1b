import { randomInt } from 'node:crypto';

/**
 * How a generated secret looks. Letters and digits only: such a value needs no quoting or
 * escaping in YAML, HAProxy's config, .pgpass or a connection URI, and the run-log redactor
 * finds it verbatim wherever it lands.
 */
export interface SecretPolicy {
  length: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 characters of 62 give about 190 bits: more than any of our services can use. */
export const DEFAULT_POLICY: SecretPolicy = { length: 32 };

/** A random value from the OS CSPRNG; randomInt is unbiased, unlike `byte % 62`. */
export function generateSecret(policy: SecretPolicy = DEFAULT_POLICY): string {
  let value = '';
  for (let i = 0; i < policy.length; i++) value += ALPHABET[randomInt(ALPHABET.length)];
  return value;
}
