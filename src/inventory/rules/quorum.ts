import { haGroups } from '../../catalog/index.js';
import { error, type Finding } from '../diagnostics.js';
import type { RuleContext } from './context.js';

/** Voting groups (etcd, Patroni, KRaft, Sentinel, Keeper) need an odd member count of at least 3. */
export function quorumRules({ placed }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const group of haGroups(placed)) {
    if (group.group.quorum !== 'majority' || group.quorumOk) continue;
    // Point at the last member's placement: the one to remove, or next to which to add one.
    const last = placed.filter((instance) => instance.service.haGroup?.name === group.group.name).at(-1);
    const hosts = group.members.map((member) => (member.instance > 0 ? `${member.host}#${member.instance + 1}` : member.host)).join(', ');
    const path = last?.source ?? ['hosts'];
    if (group.size < 3) {
      findings.push(error('E_QUORUM_TOO_SMALL', path, `${group.group.name} has ${group.size} member${group.size === 1 ? '' : 's'} (${hosts}): a quorum needs at least 3`, `place ${group.services.join('/')} on 3 hosts`));
    } else {
      findings.push(error('E_QUORUM_EVEN', path, `${group.group.name} has ${group.size} members (${hosts}): an even count tolerates no more failures than ${group.size - 1}`, `place ${group.services.join('/')} on ${group.size - 1} or ${group.size + 1} hosts`));
    }
  }
  return findings;
}
