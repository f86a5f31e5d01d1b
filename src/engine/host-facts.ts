import { DatalypticaError } from '../core/errors.js';
import type { HostFacts, OsFamily } from '../config/facts.js';
import { call } from './shell.js';

/** What phases need to know about a host that the inventory does not say. */
export interface RemoteFacts extends HostFacts {
  osFamily: OsFamily;
}

/** One prelude call printing the interface that holds `applicationAddress`, then the OS ids. */
export function factsProbe(applicationAddress: string): string {
  const script = `ip -o -4 addr show to ${applicationAddress} | awk '{print $2; exit}'; . /etc/os-release; echo "$ID $ID_LIKE"`;
  return call('dl_sh', script);
}

export function parseFacts(host: string, applicationAddress: string, stdout: string): RemoteFacts {
  const [iface = '', os = ''] = stdout.split('\n').map((line) => line.trim());
  if (!/^[\w.@-]+$/.test(iface)) {
    throw new DatalypticaError('E_HOST_FACTS', `${host}: no network interface holds the application address ${applicationAddress}`, {
      hint: 'configure that address on the host (or fix addresses.application in the inventory), then run again',
    });
  }
  const ids = os.split(/\s+/);
  const osFamily: OsFamily = ids.some((id) => ['rhel', 'fedora', 'centos'].includes(id)) ? 'rhel' : 'debian';
  // `ip` prints VLAN interfaces as eth0.10@eth0: the part before @ is the name to add addresses to.
  return { applicationInterface: iface.split('@')[0]!, osFamily };
}
