/** Parsers for `etcdctl -w json` output, used by the phase 2 gate. */

export interface EndpointStatus {
  endpoint: string;
  memberId: string;
  leader: string;
}

/** etcd ids are uint64: quoted before JSON.parse so that no two ids round to the same number. */
function parseWithIds(text: string): unknown {
  return JSON.parse(text.replace(/"(member_id|leader|cluster_id|raft_term|revision|raft_index|raft_applied_index)":(\d+)/g, '"$1":"$2"'));
}

/** `etcdctl endpoint status -w json`: one entry per endpoint that answered. */
export function parseEndpointStatus(text: string): EndpointStatus[] {
  const entries = parseWithIds(text) as Array<{ Endpoint: string; Status: { header: { member_id: string }; leader: string } }>;
  return entries.map((entry) => ({ endpoint: entry.Endpoint, memberId: entry.Status.header.member_id, leader: entry.Status.leader }));
}

/** `etcdctl endpoint health -w json`: endpoint -> healthy. */
export function parseEndpointHealth(text: string): Map<string, boolean> {
  const entries = JSON.parse(text) as Array<{ endpoint: string; health: boolean }>;
  return new Map(entries.map((entry) => [entry.endpoint, entry.health === true]));
}

export interface ClusterVerdict {
  ok: boolean;
  evidence: string;
}

/** All members answered, agree on one leader, and that leader is one of them. */
export function judgeEtcd(expected: string[], status: EndpointStatus[], health: Map<string, boolean>): ClusterVerdict {
  const healthy = expected.filter((endpoint) => health.get(endpoint) === true);
  const leaders = new Set(status.map((entry) => entry.leader));
  const leader = status.find((entry) => entry.memberId === [...leaders][0]);
  const ok = healthy.length === expected.length && status.length === expected.length && leaders.size === 1 && leader !== undefined;
  const sick = expected.filter((endpoint) => !healthy.includes(endpoint));
  return {
    ok,
    evidence: `etcd ${healthy.length}/${expected.length} members healthy${sick.length ? ` (not: ${sick.join(', ')})` : ''}, ${leaders.size === 1 && leader ? `leader ${leader.endpoint}` : `leaders seen: ${leaders.size}`}`,
  };
}
