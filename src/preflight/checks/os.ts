import type { HostFacts } from '../parse-facts.js';
import type { CheckOutcome } from '../types.js';

/** The distributions the tool installs on, by os-release ID and major version. */
export const SUPPORTED_OS: ReadonlyArray<{ id: string; major: string; name: string }> = [
  { id: 'debian', major: '12', name: 'Debian 12' },
  { id: 'ubuntu', major: '22', name: 'Ubuntu 22.04' },
  { id: 'rhel', major: '9', name: 'RHEL 9' },
];

const FIX = 'install Debian 12, Ubuntu 22.04 or RHEL 9';

/**
 * Debian 12, Ubuntu 22.04 and RHEL 9.x pass. A RHEL rebuild (Rocky, Alma: ID_LIKE has rhel)
 * at major 9 is a warning: the same packages, but not what the tool is tested on.
 */
export function checkOs(facts: HostFacts): CheckOutcome {
  const { id, idLike, versionId, prettyName } = facts.os;
  if (id === '') return { status: 'fail', detail: 'no /etc/os-release: unknown operating system', fix: FIX };
  const name = prettyName || `${id} ${versionId}`;
  const major = versionId.split('.')[0] ?? '';
  const exact = SUPPORTED_OS.find((os) => os.id === id);
  // Ubuntu's supported release is exactly 22.04, not any 22.x.
  const versionOk = id === 'ubuntu' ? versionId === '22.04' : major === exact?.major;
  if (exact && versionOk) return { status: 'pass', detail: name };
  if (!exact && idLike.includes('rhel') && major === '9') {
    return { status: 'warn', detail: `${name}: RHEL 9 compatible, not tested`, fix: 'RHEL 9 itself is what the tool is tested on' };
  }
  return { status: 'fail', detail: `${name} is not supported`, fix: FIX };
}
