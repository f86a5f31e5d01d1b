import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatalypticaError } from '../core/errors.js';
import { describeTarget, type Target } from './connect-errors.js';
import { checkHostKey, hostKeyAlgorithmsFor, knownHostName, knownHostsLine, parseKnownHosts } from './known-hosts.js';

/**
 * Strict host-key checking against a known_hosts file, like OpenSSH's
 * `StrictHostKeyChecking yes` (default) or `accept-new` (with --accept-new-host-keys).
 * ssh2 only reports "Host denied", so the reason is kept in `rejection` for the caller.
 */
export class HostKeyVerifier {
  rejection: DatalypticaError | undefined;
  readonly algorithms: string[] | undefined;
  private readonly names: string[];

  constructor(
    private readonly target: Target,
    private readonly knownHostsPath: string,
    private readonly acceptNew: boolean,
  ) {
    const entries = this.entries();
    const byAddress = knownHostName(target.address, target.port);
    const byName = knownHostName(target.host, target.port);
    this.names = byAddress === byName ? [byAddress] : [byAddress, byName];
    this.algorithms = this.names.map((name) => hostKeyAlgorithmsFor(entries, name)).find((list) => list !== undefined);
  }

  private entries() {
    return existsSync(this.knownHostsPath) ? parseKnownHosts(readFileSync(this.knownHostsPath, 'utf8')) : [];
  }

  verify = (key: Buffer): boolean => {
    const entries = this.entries();
    const where = describeTarget(this.target);
    for (const name of this.names) {
      const verdict = checkHostKey(entries, name, key);
      if (verdict.status === 'known') return true;
      if (verdict.status === 'changed' || verdict.status === 'revoked') {
        this.rejection = new DatalypticaError(
          'E_HOSTKEY_CHANGED',
          `${where}: host key ${verdict.status === 'revoked' ? 'is revoked' : 'CHANGED'} (${this.knownHostsPath} line ${verdict.line}); refusing to connect`,
          { hint: `if the host was really reinstalled, remove the old key: ssh-keygen -R '${name}' -f ${this.knownHostsPath}` },
        );
        return false;
      }
    }
    if (this.acceptNew) {
      mkdirSync(dirname(this.knownHostsPath), { recursive: true, mode: 0o700 });
      appendFileSync(this.knownHostsPath, knownHostsLine(this.names[0]!, key), { mode: 0o600 });
      return true;
    }
    this.rejection = new DatalypticaError('E_HOSTKEY_UNKNOWN', `${where}: host key not in ${this.knownHostsPath}; refusing to connect`, {
      hint: 'check the key and add it to known_hosts, or pass --accept-new-host-keys to trust it on first use',
    });
    return false;
  };
}
