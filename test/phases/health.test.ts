import { describe, expect, it } from 'vitest';
import { judgePatroni, parsePatroniList } from '../../phases/03-data/postgresql/patroni-list.js';

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
