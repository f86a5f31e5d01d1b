import { describe, expect, it } from 'vitest';
import { judgeEtcd, parseEndpointHealth, parseEndpointStatus } from '../../phases/02-coordination/etcd-health.js';
import { judgePatroni, parsePatroniList } from '../../phases/03-data/patroni-health.js';

// Captured from the lab (etcd 3.4.23): member ids are uint64, beyond a double's 53 bits.
const STATUS = `[{"Endpoint":"https://198.18.21.11:2379","Status":{"header":{"cluster_id":14038626416953142993,"member_id":8388006706208001145,"revision":81,"raft_term":3},"version":"3.4.23","dbSize":40960,"leader":573303407769278091,"raftIndex":1854,"raftTerm":3}},{"Endpoint":"https://198.18.21.12:2379","Status":{"header":{"cluster_id":14038626416953142993,"member_id":9983032808441182097,"revision":82,"raft_term":3},"version":"3.4.23","dbSize":40960,"leader":573303407769278091,"raftIndex":1855,"raftTerm":3}},{"Endpoint":"https://198.18.21.13:2379","Status":{"header":{"cluster_id":14038626416953142993,"member_id":573303407769278091,"revision":82,"raft_term":3},"version":"3.4.23","dbSize":61440,"leader":573303407769278091,"raftIndex":1855,"raftTerm":3}}]`;
const HEALTH = `[{"endpoint":"https://198.18.21.13:2379","health":true,"took":"9.5ms"},{"endpoint":"https://198.18.21.12:2379","health":true,"took":"9.8ms"},{"endpoint":"https://198.18.21.11:2379","health":true,"took":"14.3ms"}]`;
const ENDPOINTS = ['https://198.18.21.11:2379', 'https://198.18.21.12:2379', 'https://198.18.21.13:2379'];

describe('etcd health', () => {
  it('keeps uint64 member ids exact and finds the one leader', () => {
    const status = parseEndpointStatus(STATUS);
    expect(status[2]).toEqual({ endpoint: 'https://198.18.21.13:2379', memberId: '573303407769278091', leader: '573303407769278091' });
    expect(status[1]!.memberId).toBe('9983032808441182097');
    const verdict = judgeEtcd(ENDPOINTS, status, parseEndpointHealth(HEALTH));
    expect(verdict).toEqual({ ok: true, evidence: 'etcd 3/3 members healthy, leader https://198.18.21.13:2379' });
  });

  it('is not healthy with a member down', () => {
    const status = parseEndpointStatus(STATUS).slice(0, 2);
    const health = parseEndpointHealth(HEALTH);
    health.set('https://198.18.21.13:2379', false);
    const verdict = judgeEtcd(ENDPOINTS, status, health);
    expect(verdict.ok).toBe(false);
    expect(verdict.evidence).toContain('2/3 members healthy (not: https://198.18.21.13:2379)');
  });
});

// Captured from the lab (Patroni 3.0.2).
const FORMED = `[{"Cluster": "lab", "Member": "vm1", "Host": "198.18.21.11", "Role": "Leader", "State": "running", "TL": 1}, {"Cluster": "lab", "Member": "vm2", "Host": "198.18.21.12", "Role": "Sync Standby", "State": "running", "TL": 1, "Lag in MB": 0}, {"Cluster": "lab", "Member": "vm3", "Host": "198.18.21.13", "Role": "Replica", "State": "running", "TL": 1, "Lag in MB": 0, "Tags": {"nosync": true}}]`;

describe('Patroni health', () => {
  it('wants one leader, one sync standby and replicas without lag', () => {
    const verdict = judgePatroni(['vm1', 'vm2', 'vm3'], parsePatroniList(FORMED));
    expect(verdict).toMatchObject({ ok: true, leader: 'vm1', replicas: ['vm2', 'vm3'] });
    expect(verdict.summary).toBe('vm1 leader running · vm2 sync standby running lag 0 MB · vm3 replica running lag 0 MB');
  });

  it('waits while the sync standby is not chosen yet or a replica still copies', () => {
    const early = parsePatroniList(FORMED.replace('Sync Standby', 'Replica'));
    expect(judgePatroni(['vm1', 'vm2', 'vm3'], early)).toMatchObject({ ok: false, summary: expect.stringContaining('0 sync standbys (want 1)') });
    const copying = parsePatroniList(FORMED.replace('"Role": "Replica", "State": "running"', '"Role": "Replica", "State": "creating replica"').replace('"Lag in MB": 0, "Tags"', '"Lag in MB": "unknown", "Tags"'));
    expect(judgePatroni(['vm1', 'vm2', 'vm3'], copying)).toMatchObject({ ok: false, summary: expect.stringContaining('vm3 replica creating replica lag unknown MB') });
    expect(judgePatroni(['vm1', 'vm2', 'vm3', 'vm4'], parsePatroniList(FORMED)).summary).toContain('missing vm4');
  });
});
