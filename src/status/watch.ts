import type { ClusterStatus } from './types.js';

/**
 * `status --watch`: a host that did not answer in time this round keeps its last answer on
 * screen, marked with when that was, instead of its rows going blank; the verdict and the group
 * lines stay this round's (unknown), so nothing old passes for new.
 */
export function withLastAnswers(status: ClusterStatus, previous: ClusterStatus | undefined): ClusterStatus {
  if (!previous) return status;
  const hosts = status.hosts.map((host) => {
    if (host.reach !== 'unknown') return host;
    const before = previous.hosts.find((candidate) => candidate.name === host.name);
    const lastAnswer = before?.reach === 'answered' ? { checkedAt: previous.checkedAt, services: before.services } : before?.lastAnswer;
    return lastAnswer ? { ...host, lastAnswer } : host;
  });
  return { ...status, hosts };
}
