import type { PlacedService } from '../catalog/types.js';
import type { HealthOf } from '../health/types.js';
import { formatBytes } from './format.js';
import { worst, type Judged } from './service-status.js';
import type { GroupMember, GroupStatus, HostStatus, ServiceStatus, Verdict } from './types.js';

/**
 * Whether a service on a host that did not answer counts as a member that is down (it is
 * installed there as far as we know) or is left out (never installed). collect.ts decides.
 */
export type ExpectedOn = (placed: PlacedService) => boolean;

interface GroupDraft {
  name: string;
  quorum: 'majority' | 'none';
  electsLeader: boolean;
  /** Per member (host + instance): the statuses of its services that count. */
  members: Map<string, { host: string; instance: number; services: ServiceStatus[] }>;
}

/**
 * Groups the services' statuses by HA group (a service without one is its own group) and
 * judges each: a majority group needs more than half its members up, any other group one;
 * a group that elects a leader needs exactly one; a lost member makes it degraded. Members that
 * did not answer in time are neither up nor lost: when the answer hangs on them, it is unknown.
 */
export function groupStatuses(placed: readonly PlacedService[], hosts: readonly HostStatus[], expectedOn: ExpectedOn, health: HealthOf): GroupStatus[] {
  const drafts = new Map<string, GroupDraft>();
  for (const instance of placed) {
    const status = countedStatus(instance, hosts, expectedOn);
    if (!status) continue;
    const name = instance.service.haGroup?.name ?? instance.service.id;
    let draft = drafts.get(name);
    if (!draft) {
      draft = { name, quorum: instance.service.haGroup?.quorum ?? 'none', electsLeader: false, members: new Map() };
      drafts.set(name, draft);
    }
    draft.electsLeader ||= health(instance.service.id)?.electsLeader === true;
    const key = `${instance.host}#${instance.instance}`;
    const member = draft.members.get(key) ?? { host: instance.host, instance: instance.instance, services: [] };
    member.services.push(status);
    draft.members.set(key, member);
  }
  return [...drafts.values()].map(judge);
}

/** The instance's status when it counts: installed on a host that answered, or expected on one that did not. */
export function countedStatus(placed: PlacedService, hosts: readonly HostStatus[], expectedOn: ExpectedOn): ServiceStatus | undefined {
  const host = hosts.find((candidate) => candidate.name === placed.host);
  const status = host?.services.find((s) => s.service === placed.service.id && s.instance === placed.instance);
  if (!host || !status || status.health === 'not-installed') return undefined;
  return host.reachable || expectedOn(placed) ? status : undefined;
}

function memberOf(draft: { host: string; instance: number; services: ServiceStatus[] }): GroupMember {
  const { services } = draft;
  const role = services.find((s) => s.role)?.role;
  const lags = services.flatMap((s) => (s.lagBytes === undefined ? [] : [s.lagBytes]));
  const health = services.reduce<Judged>((acc, s) => worst(acc, s.health as Judged), 'ok');
  return { host: draft.host, instance: draft.instance, health, ...(role ? { role } : {}), ...(lags.length > 0 ? { lagBytes: Math.max(...lags) } : {}) };
}

const isUp = (member: GroupMember) => member.health === 'ok' || member.health === 'degraded';

export function memberLabel(member: { host: string; instance: number }): string {
  return member.instance === 0 ? member.host : `${member.host}#${member.instance + 1}`;
}

function judge(draft: GroupDraft): GroupStatus {
  const members = [...draft.members.values()].map(memberOf);
  const size = members.length;
  const upMembers = members.filter(isUp);
  const up = upMembers.length;
  const unknown = members.filter((m) => m.health === 'unknown').length;
  const lost = members.filter((m) => m.health === 'down' || m.health === 'unreachable').length;
  const leaders = upMembers.filter((m) => m.role === 'leader');
  const problems: string[] = [];
  // What the members that answered prove; `open` when the rest, had they answered, could change it.
  let proven: 'down' | undefined;
  let open = false;
  const need = draft.quorum === 'majority' ? Math.floor(size / 2) + 1 : 1;
  if (up < need) {
    if (up + unknown >= need) {
      open = true;
      problems.push(draft.quorum === 'majority' ? `quorum unknown (${up} of ${need} needed answered)` : 'no member answered in time');
    } else {
      proven = 'down';
      problems.push(draft.quorum === 'majority' ? `no quorum (needs ${need} of ${size})` : 'no member up');
    }
  }
  if (draft.electsLeader && up > 0 && leaders.length === 0) {
    // The leader may be one of the members that did not answer.
    if (unknown > 0) {
      open = true;
      problems.push('leader unknown');
    } else {
      proven = 'down';
      problems.push('no leader');
    }
  }
  if (leaders.length > 1) {
    proven = 'down';
    problems.push(`${leaders.length} leaders (${leaders.map(memberLabel).join(', ')}): split brain`);
  }
  const health: Verdict = proven ?? (lost > 0 || upMembers.some((m) => m.health === 'degraded') ? 'degraded' : open || unknown > 0 ? 'unknown' : 'healthy');
  const lags = upMembers.flatMap((m) => (m.lagBytes === undefined ? [] : [m.lagBytes]));
  const lagBytes = lags.length > 0 ? Math.max(...lags) : undefined;
  const group: Omit<GroupStatus, 'summary'> = {
    name: draft.name,
    quorum: draft.quorum,
    health,
    size,
    up,
    unknown,
    ...(leaders.length === 1 ? { leader: memberLabel(leaders[0]!) } : {}),
    members,
    ...(lagBytes !== undefined ? { lagBytes } : {}),
    problems,
  };
  return { ...group, summary: groupSummary(group) };
}

const WORD: Record<Verdict, string> = { healthy: 'healthy', degraded: 'degraded', down: 'down', unknown: 'unknown' };

/** `etcd 3/3 healthy · leader vm2`, `postgresql 3/3 healthy · leader vm1 · sync vm2 · replica vm3 · lag 0 B`. */
export function groupSummary(group: Omit<GroupStatus, 'summary'>): string {
  const parts = [`${group.name} ${group.up}/${group.size} ${WORD[group.health]}`];
  const up = group.members.filter(isUp);
  const named = (role: GroupMember['role']) => up.filter((m) => m.role === role).map(memberLabel);
  const leaders = named('leader');
  if (leaders.length > 0) parts.push(`leader ${leaders.join(', ')}`);
  for (const role of ['sync', 'replica'] as const) {
    const holders = named(role);
    if (holders.length > 0) parts.push(`${role} ${holders.join(', ')}`);
  }
  if (group.lagBytes !== undefined) parts.push(`lag ${formatBytes(group.lagBytes)}`);
  const having = (health: GroupMember['health']) => group.members.filter((m) => m.health === health).map(memberLabel);
  for (const [health, word] of [['down', 'down'], ['unreachable', 'unreachable'], ['unknown', 'no answer in time']] as const) {
    const names = having(health);
    if (names.length > 0) parts.push(`${word} ${names.join(', ')}`);
  }
  parts.push(...group.problems);
  return parts.join(' · ');
}
