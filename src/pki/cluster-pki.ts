import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { systemClock, type Clock } from '../core/clock.js';
import { DatalypticaError } from '../core/errors.js';
import { nodeSecretFileSystem, type SecretFileSystem } from '../secrets/store.js';
import { belongsTo, certFacts } from './inspect.js';
import { execaOpenssl, type OpensslRunner } from './openssl.js';
import { normaliseSans, sanExtension, type CertRequest } from './request.js';

const DAY_MS = 86_400_000;
/** Long enough that nobody re-keys a running cluster by surprise; the tool reissues leaves, not the CA. */
const CA_DAYS = 3650;
/** The common browser/CA ceiling; reissue happens on any phase run in the last 30 days. */
const LEAF_DAYS = 825;
const RENEW_BEFORE_DAYS = 30;

export interface CaFiles {
  certPath: string;
  keyPath: string;
  certPem: string;
}

export interface IssuedCert {
  id: string;
  certPath: string;
  /** Mode 0600. Read it only to copy it to its host; never log or print it. */
  keyPath: string;
  certPem: string;
  /** Whether this call wrote a new certificate (the phase then restarts the services using it). */
  changed: boolean;
}

export interface PkiDeps {
  fs: SecretFileSystem;
  openssl: OpensslRunner;
  clock: Clock;
}

/**
 * The cluster CA and the certificates it signs, under `<stateDir>/pki/`. The CA is generated
 * once and reused; a leaf is reissued only when it is missing, its SANs or usage changed, it
 * expires within 30 days, its key does not match, or another CA signed it. Keys are EC P-256,
 * made by node:crypto; openssl only builds and signs certificates. Keys are mode 0600 and
 * never leave the files.
 */
export class ClusterPki {
  readonly dir: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    stateDir: string,
    private readonly clusterName: string,
    private readonly deps: PkiDeps = { fs: nodeSecretFileSystem, openssl: execaOpenssl, clock: systemClock },
  ) {
    this.dir = join(stateDir, 'pki');
    checkName(clusterName);
  }

  get caCertPath(): string {
    return join(this.dir, 'ca.crt');
  }

  ensureCa(): Promise<CaFiles & { changed: boolean }> {
    return this.serialised(() => this.ensureCaUnlocked());
  }

  /** The certificate for `request`, issued or kept as described above. */
  async ensureCert(request: CertRequest): Promise<IssuedCert> {
    checkRequest(request);
    return this.serialised(async () => {
      const ca = await this.ensureCaUnlocked();
      return this.ensureLeafUnlocked(request, ca);
    });
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async ensureCaUnlocked(): Promise<CaFiles & { changed: boolean }> {
    const { fs, clock } = this.deps;
    const certPath = this.caCertPath;
    const keyPath = join(this.dir, 'ca.key');
    const [hasCert, hasKey] = await Promise.all([fs.exists(certPath), fs.exists(keyPath)]);
    if (hasCert && hasKey) {
      await this.checkPrivate(keyPath);
      const certPem = await fs.readText(certPath);
      if (certFacts(certPem).notAfter.getTime() <= clock.now()) {
        throw new DatalypticaError('E_PKI_CA_EXPIRED', `the cluster CA ${certPath} has expired`, {
          hint: 'move the pki directory aside and run the phase again: every service certificate is then reissued and redeployed',
        });
      }
      return { certPath, keyPath, certPem, changed: false };
    }
    if (hasCert || hasKey) {
      throw new DatalypticaError('E_PKI_CA_INCOMPLETE', `the cluster CA in ${this.dir} has a ${hasCert ? 'certificate but no key' : 'key but no certificate'}`, {
        hint: 'restore the missing file from your backup of the control machine; a new CA would invalidate every certificate of the cluster',
      });
    }
    await fs.makePrivateDir(this.dir);
    await fs.writeAtomic(keyPath, newPrivateKey(), { mode: 0o600, backup: false });
    const config = ['[req]', 'prompt = no', 'distinguished_name = dn', 'x509_extensions = ca_ext', '[dn]', 'O = Datalyptica', `CN = ${this.clusterName} cluster CA`, '[ca_ext]',
      'basicConstraints = critical, CA:TRUE, pathlen:0', 'keyUsage = critical, keyCertSign, cRLSign', 'subjectKeyIdentifier = hash'];
    const certPem = await this.withScratch(async (scratch) => {
      const configPath = join(scratch, 'ca.cnf');
      await writeFile(configPath, `${config.join('\n')}\n`, { mode: 0o600 });
      return this.deps.openssl.run(['req', '-x509', '-new', '-config', configPath, '-key', keyPath, '-sha256', '-days', String(CA_DAYS)]);
    });
    await fs.writeAtomic(certPath, certPem, { mode: 0o644, backup: false });
    return { certPath, keyPath, certPem, changed: true };
  }

  private async ensureLeafUnlocked(request: CertRequest, ca: CaFiles): Promise<IssuedCert> {
    const { fs } = this.deps;
    const certPath = join(this.dir, `${request.id}.crt`);
    const keyPath = join(this.dir, `${request.id}.key`);
    if ((await fs.exists(certPath)) && (await fs.exists(keyPath))) {
      await this.checkPrivate(keyPath);
      const certPem = await fs.readText(certPath);
      if (this.isCurrent(request, certPem, await fs.readText(keyPath), ca.certPem)) return { id: request.id, certPath, keyPath, certPem, changed: false };
    }
    const keyPem = newPrivateKey();
    const certPem = await this.withScratch(async (scratch) => {
      const scratchKey = join(scratch, 'leaf.key');
      const configPath = join(scratch, 'leaf.cnf');
      await writeFile(scratchKey, keyPem, { mode: 0o600 });
      await writeFile(configPath, `${leafConfig(request).join('\n')}\n`, { mode: 0o600 });
      const csr = await this.deps.openssl.run(['req', '-new', '-config', configPath, '-key', scratchKey]);
      const serial = randomBytes(16);
      serial[0] = serial[0]! & 0x7f; // a positive serial, as RFC 5280 asks
      return this.deps.openssl.run(
        ['x509', '-req', '-CA', ca.certPath, '-CAkey', ca.keyPath, '-sha256', '-days', String(LEAF_DAYS), '-set_serial', `0x${serial.toString('hex')}`, '-extfile', configPath, '-extensions', 'leaf'],
        csr,
      );
    });
    await fs.makePrivateDir(dirname(keyPath));
    await fs.writeAtomic(keyPath, keyPem, { mode: 0o600, backup: false });
    await fs.writeAtomic(certPath, certPem, { mode: 0o644, backup: false });
    return { id: request.id, certPath, keyPath, certPem, changed: true };
  }

  private isCurrent(request: CertRequest, certPem: string, keyPem: string, caPem: string): boolean {
    if (!belongsTo(certPem, keyPem, caPem)) return false;
    const facts = certFacts(certPem);
    const wanted = normaliseSans(request.subjectAltNames);
    return (
      facts.usage === request.usage &&
      facts.subjectAltNames.join(',') === wanted.join(',') &&
      facts.notAfter.getTime() - this.deps.clock.now() > RENEW_BEFORE_DAYS * DAY_MS
    );
  }

  private async checkPrivate(keyPath: string): Promise<void> {
    const mode = await this.deps.fs.modeOf(keyPath);
    if ((mode & 0o077) !== 0) {
      throw new DatalypticaError('E_PKI_KEY_MODE', `${keyPath} is readable by other users (mode ${mode.toString(8).padStart(4, '0')})`, {
        hint: `restrict it with: chmod 600 ${keyPath}; and consider the key exposed`,
      });
    }
  }

  /** A private scratch directory inside the PKI directory (same owner, 0700), removed afterwards. */
  private async withScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
    await this.deps.fs.makePrivateDir(this.dir);
    const scratch = await mkdtemp(join(this.dir, '.scratch-'));
    try {
      return await work(scratch);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}

function newPrivateKey(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  return privateKey;
}

function leafConfig(request: CertRequest): string[] {
  const lines = ['[req]', 'prompt = no', 'distinguished_name = dn', '[dn]', 'O = Datalyptica', `CN = ${request.commonName}`, '[leaf]',
    'basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid',
    // etcd peers, PostgreSQL replicas and Patroni both serve and dial their peers with one certificate.
    `extendedKeyUsage = ${request.usage === 'server' ? 'serverAuth, clientAuth' : 'clientAuth'}`];
  if (request.subjectAltNames.length > 0) lines.push(`subjectAltName = ${sanExtension(request.subjectAltNames)}`);
  return lines;
}

const ID = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)?$/;
/** Names go into an openssl config file, where `$`, `#` and quotes mean something. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;
const SAN = /^[A-Za-z0-9][A-Za-z0-9.:-]*$/;

function checkRequest(request: CertRequest): void {
  if (!ID.test(request.id)) {
    throw new DatalypticaError('E_PKI_ID', `invalid certificate id "${request.id}"`, { hint: 'use "<group>/<name>" in lower case, e.g. "hosts/vm1" or "clients/patroni"' });
  }
  checkName(request.commonName);
  for (const san of request.subjectAltNames) {
    if (!SAN.test(san)) throw new DatalypticaError('E_PKI_NAME', `"${san}" is not a host name or IP address`, { hint: 'fix the host names and addresses in the inventory' });
  }
}

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw new DatalypticaError('E_PKI_NAME', `"${name}" cannot be put in a certificate`, { hint: 'use letters, digits, spaces, dots, dashes and underscores' });
  }
}
