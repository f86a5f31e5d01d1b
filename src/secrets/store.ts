import { chmod, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatalypticaError } from '../core/errors.js';
import { nodeFileSystem, type FileSystem } from '../core/fs.js';
import { DEFAULT_POLICY, generateSecret, type SecretPolicy } from './generate.js';

/** The file system as the store needs it: the core's port plus the permission bits of a file. */
export interface SecretFileSystem extends FileSystem {
  /** Permission bits (mode & 0o777) of an existing file. */
  modeOf(path: string): Promise<number>;
  /** Creates the directory (and parents) accessible to the owner only. */
  makePrivateDir(path: string): Promise<void>;
}

export const nodeSecretFileSystem: SecretFileSystem = {
  ...nodeFileSystem,
  modeOf: async (path) => (await stat(path)).mode & 0o777,
  makePrivateDir: async (path) => {
    await mkdir(path, { recursive: true, mode: 0o700 });
    await chmod(path, 0o700);
  },
};

/** Where every secret value goes as soon as it is read or made: the engine's run-log Redactor fits. */
export interface SecretSink {
  add(secret: string): unknown;
}

interface SecretsFile {
  version: 1;
  secrets: Record<string, string>;
}

const NAME = /^[a-z0-9][a-z0-9.-]*$/;

/**
 * The cluster's generated secrets in `<stateDir>/secrets.json` (mode 0600, written atomically).
 * `getOrCreate(name)` returns the stored value or generates, stores and returns a new one, so
 * every run of every phase sees the same password. Every value read or created is handed to
 * the sink (the run-log redactor) before anything else sees it; no method logs or prints one.
 */
export class SecretStore {
  readonly path: string;
  /** Serialises read-modify-write cycles of this process so parallel tasks never lose a secret. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly stateDir: string,
    private readonly fs: SecretFileSystem,
    private readonly sink: SecretSink | undefined,
  ) {
    this.path = join(stateDir, 'secrets.json');
  }

  /** Opens the store of a state directory (`.datalyptica/` beside the inventory) and registers what it holds. */
  static async open(stateDir: string, options: { fs?: SecretFileSystem; redactor?: SecretSink } = {}): Promise<SecretStore> {
    const store = new SecretStore(stateDir, options.fs ?? nodeSecretFileSystem, options.redactor);
    await store.read();
    return store;
  }

  async getOrCreate(name: string, policy: SecretPolicy = DEFAULT_POLICY): Promise<string> {
    checkName(name);
    return this.serialised(async () => {
      // Re-read: another process (a second terminal) may have created it since we opened.
      const file = await this.read();
      const existing = file.secrets[name];
      if (existing !== undefined) return existing;
      const value = generateSecret(policy);
      this.sink?.add(value);
      await this.write({ version: 1, secrets: { ...file.secrets, [name]: value } });
      return value;
    });
  }

  /** A stored value, or undefined: for commands that must not create secrets (status, doctor). */
  async get(name: string): Promise<string | undefined> {
    checkName(name);
    return this.serialised(async () => (await this.read()).secrets[name]);
  }

  async names(): Promise<string[]> {
    return this.serialised(async () => Object.keys((await this.read()).secrets).sort());
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<SecretsFile> {
    if (!(await this.fs.exists(this.path))) return { version: 1, secrets: {} };
    const mode = await this.fs.modeOf(this.path);
    if ((mode & 0o077) !== 0) {
      throw new DatalypticaError('E_SECRETS_MODE', `${this.path} is readable by other users (mode ${mode.toString(8).padStart(4, '0')})`, {
        hint: `restrict it with: chmod 600 ${this.path}; and consider the secrets in it exposed`,
      });
    }
    const file = parse(this.path, await this.fs.readText(this.path));
    for (const value of Object.values(file.secrets)) this.sink?.add(value);
    return file;
  }

  private async write(file: SecretsFile): Promise<void> {
    await this.fs.makePrivateDir(this.stateDir);
    // No .bak: a second copy of every secret is one more file to leak; the rename is atomic.
    await this.fs.writeAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, backup: false });
  }
}

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw new DatalypticaError('E_SECRET_NAME', `invalid secret name "${name}"`, {
      hint: 'use lower-case letters, digits, dots and dashes, e.g. "postgresql.superuser"',
    });
  }
}

function parse(path: string, text: string): SecretsFile {
  const corrupt = (why: string) =>
    new DatalypticaError('E_SECRETS_CORRUPT', `${path} is not a valid secrets file: ${why}`, {
      hint: 'restore it from your backup of the control machine; regenerating would lock the cluster out of its own services',
    });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw corrupt((error as Error).message);
  }
  if (typeof data !== 'object' || data === null || (data as SecretsFile).version !== 1) throw corrupt('expected {"version": 1, "secrets": {...}}');
  const secrets = (data as SecretsFile).secrets;
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) throw corrupt('"secrets" must be an object');
  for (const [name, value] of Object.entries(secrets)) {
    if (typeof value !== 'string' || value === '') throw corrupt(`secret "${name}" must be a non-empty string`);
  }
  return { version: 1, secrets: { ...secrets } };
}
