/** Parsing and judging `patronictl list -f json` for the phase 3 gate (and anyone else asking the same). */

export interface PatroniMember {
  member: string;
  role: string;
  state: string;
  lagMb: number | undefined;
  timeline: number | undefined;
}

export function parsePatroniList(text: string): PatroniMember[] {
  const rows = JSON.parse(text) as Array<Record<string, unknown>>;
  return rows.map((row) => ({
    member: String(row.Member),
    role: String(row.Role),
    state: String(row.State),
    // Patroni leaves the lag out for the leader and prints "unknown" for a replica it cannot measure.
    lagMb: typeof row['Lag in MB'] === 'number' ? row['Lag in MB'] : undefined,
    timeline: typeof row.TL === 'number' ? row.TL : undefined,
  }));
}

export interface PatroniVerdict {
  ok: boolean;
  leader: string | undefined;
  replicas: string[];
  summary: string;
}

const STREAMING = new Set(['streaming', 'running']);

/**
 * Healthy: every expected member present, one running Leader, exactly one Sync Standby while
 * there are at least two members (the spec's sync replica), the rest Replicas, all streaming
 * with no lag.
 */
export function judgePatroni(expected: string[], members: PatroniMember[]): PatroniVerdict {
  const byRole = (role: string) => members.filter((member) => member.role === role);
  const leaders = byRole('Leader').filter((member) => member.state === 'running');
  const sync = byRole('Sync Standby');
  const standbys = members.filter((member) => member.role !== 'Leader');
  const missing = expected.filter((name) => !members.some((member) => member.member === name));
  const lagging = standbys.filter((member) => !STREAMING.has(member.state) || member.lagMb !== 0);
  const wantSync = expected.length >= 2 ? 1 : 0;
  const ok = missing.length === 0 && leaders.length === 1 && sync.length === wantSync && lagging.length === 0;
  const describe = (member: PatroniMember) => `${member.member} ${member.role.toLowerCase()} ${member.state}${member.role === 'Leader' ? '' : ` lag ${member.lagMb ?? 'unknown'} MB`}`;
  const problems = [...(missing.length ? [`missing ${missing.join(', ')}`] : []), ...(sync.length !== wantSync ? [`${sync.length} sync standbys (want ${wantSync})`] : [])];
  return {
    ok,
    leader: leaders[0]?.member,
    replicas: standbys.map((member) => member.member),
    summary: `${members.map(describe).join(' · ') || 'no members'}${problems.length ? ` (${problems.join('; ')})` : ''}`,
  };
}
