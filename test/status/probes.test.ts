import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { placeServices } from '../../src/catalog/index.js';
import { healthOf } from '../../phases/registry.js';
import type { ProbeOutput, ProbeReport } from '../../src/health/types.js';
import { labInventory } from '../config/lab-inventory.js';
import { ETCD_IDS, etcdRefused, etcdStatus, haproxyStat, patroniAnswer, patroniRefused } from './fixtures.js';

const inventory = labInventory();
const placed = placeServices(inventory);

function run(serviceId: string, host: string, output: ProbeOutput): { command: string; report: ProbeReport } {
  const instance = placed.find((p) => p.service.id === serviceId && p.host === host)!;
  const target = { inventory, host: inventory.hosts.find((h) => h.name === host)!, placed: instance };
  const check = healthOf(serviceId)!.check!;
  return { command: check.command(target), report: check.parse(output, target) };
}

describe('etcd probe', () => {
  it('asks the member itself with its host certificate', () => {
    const { command } = run('etcd', 'vm2', etcdStatus('vm2', 'vm2'));
    expect(command).toBe(
      'ETCDCTL_API=3 etcdctl --endpoints=https://198.18.1.12:2379 --cacert=/etc/etcd/tls/ca.crt --cert=/etc/etcd/tls/server.crt --key=/etc/etcd/tls/server.key --dial-timeout=800ms --command-timeout=900ms endpoint status -w json',
    );
  });

  it('tells the leader from followers by 64-bit ids that differ in the last digit', () => {
    expect(Number(ETCD_IDS.vm1)).toBe(Number(ETCD_IDS.vm2)); // what JSON.parse alone would see
    expect(run('etcd', 'vm2', etcdStatus('vm2', 'vm2')).report).toEqual({ health: 'ok', role: 'leader', facts: ['term 3', 'version 3.4.23'], problems: [] });
    expect(run('etcd', 'vm1', etcdStatus('vm1', 'vm2')).report.role).toBe('follower');
  });

  it('reports a member without leader, with alarms, or not answering', () => {
    expect(run('etcd', 'vm1', etcdStatus('vm1', undefined)).report).toMatchObject({ health: 'down', problems: ['no leader: the member lost quorum'] });
    const alarmed = etcdStatus('vm1', 'vm2');
    alarmed.stdout = alarmed.stdout.replace('"dbSizeInUse"', '"errors":["memberID:10276657743932975437 alarm:NOSPACE "],"dbSizeInUse"');
    expect(run('etcd', 'vm1', alarmed).report).toMatchObject({ health: 'degraded', problems: ['memberID:10276657743932975437 alarm:NOSPACE '] });
    expect(run('etcd', 'vm1', etcdRefused('vm1')).report).toEqual({
      health: 'down',
      facts: [],
      problems: ['etcdctl endpoint status: Failed to get the status of endpoint https://198.18.1.11:2379 (context deadline exceeded)'],
    });
    expect(run('etcd', 'vm1', { code: 124, stdout: '' }).report).toEqual({ health: 'unknown', facts: [], problems: ['etcdctl endpoint status: no answer within the probe timeout'] });
  });

  it('calls a member that did not answer in time unknown, not down: only a refusal is evidence', () => {
    const slow = { code: 1, stdout: 'Failed to get the status of endpoint https://198.18.1.11:2379 (context deadline exceeded)\n' };
    expect(run('etcd', 'vm1', slow).report).toMatchObject({ health: 'unknown', problems: ['etcdctl endpoint status: Failed to get the status of endpoint https://198.18.1.11:2379 (context deadline exceeded)'] });
  });
});

describe('Patroni probe', () => {
  const roles = { vm1: 'leader', vm2: 'sync_standby', vm3: 'replica' } as const;

  it('reads /patroni and /cluster over one verified TLS connection', () => {
    expect(run('patroni', 'vm1', patroniAnswer('vm1', roles)).command).toBe(
      "curl -sS --max-time 0.9 --cacert /etc/patroni/tls/ca.crt -w '\\n--datalyptica-next--\\n' https://198.18.1.11:8008/patroni https://198.18.1.11:8008/cluster",
    );
  });

  it('names leader, sync standby and replica, with timeline and lag', () => {
    expect(run('patroni', 'vm1', patroniAnswer('vm1', roles)).report).toEqual({ health: 'ok', role: 'leader', facts: ['timeline 1', '2 streaming replicas'], problems: [] });
    expect(run('patroni', 'vm2', patroniAnswer('vm2', roles)).report).toEqual({ health: 'ok', role: 'sync', lagBytes: 0, facts: ['timeline 1'], problems: [] });
    expect(run('patroni', 'vm3', patroniAnswer('vm3', roles, { vm3: 4096 }, 2)).report).toEqual({ health: 'ok', role: 'replica', lagBytes: 4096, facts: ['timeline 2'], problems: [] });
  });

  it('falls back to the member view when /cluster did not answer (Patroni 4 says primary)', () => {
    const answer = patroniAnswer('vm1', roles);
    const [self] = answer.stdout.split('\n');
    const report = run('patroni', 'vm1', { code: 7, stdout: `${self!.replace('"master"', '"primary"')}\n--datalyptica-next--\ncurl: (28) timeout\n--datalyptica-next--` }).report;
    expect(report.role).toBe('leader');
  });

  it('reports a replica with unknown lag as degraded and a starting one as down', () => {
    expect(run('patroni', 'vm3', patroniAnswer('vm3', roles, { vm3: 'unknown' })).report).toMatchObject({ health: 'degraded', problems: ['lag unknown: not replicating from the leader'] });
    const starting = patroniAnswer('vm3', roles);
    starting.stdout = starting.stdout.replace('"state":"running"', '"state":"starting"');
    expect(run('patroni', 'vm3', starting).report).toMatchObject({ health: 'down', problems: ['PostgreSQL is starting'] });
  });

  it('calls a Patroni API that timed out unknown, one that refused down', () => {
    expect(run('patroni', 'vm3', { code: 28, stdout: 'curl: (28) Operation timed out after 900 milliseconds with 0 bytes received' }).report.health).toBe('unknown');
    expect(run('patroni', 'vm3', patroniRefused('vm3')).report.health).toBe('down');
  });

  it('passes on curl’s reason when Patroni does not answer', () => {
    expect(run('patroni', 'vm3', patroniRefused('vm3')).report.problems).toEqual(["Patroni REST API: curl: (7) Failed to connect to 198.18.1.13 port 8008 after 0 ms: Couldn't connect to server"]);
  });
});

describe('HAProxy probe', () => {
  it('lists each listener’s servers and flags a listener with none UP', () => {
    expect(run('haproxy', 'vm1', haproxyStat('vm1', ['vm2', 'vm3'])).report).toEqual({
      health: 'ok',
      facts: ['postgresql-primary: vm1 UP, vm2 DOWN, vm3 DOWN', 'postgresql-replicas: vm1 DOWN, vm2 UP, vm3 UP'],
      problems: [],
    });
    expect(run('haproxy', 'vm1', haproxyStat('vm1', [])).report).toMatchObject({ health: 'degraded', problems: ['postgresql-replicas: no server UP'] });
  });

  it('uses the admin socket, through socat or python3', () => {
    const { command } = run('haproxy', 'vm1', haproxyStat('vm1', []));
    expect(command).toContain("echo 'show stat' | socat -t 0.8 stdio UNIX-CONNECT:/run/haproxy/admin.sock");
    expect(command).toContain('s.connect("/run/haproxy/admin.sock")');
  });

  it('calls a stats socket that timed out unknown (Python’s TimeoutError)', () => {
    const slow = { code: 1, stdout: 'Traceback (most recent call last):\n  File "<string>", line 9, in <module>\nTimeoutError: timed out' };
    expect(run('haproxy', 'vm1', slow).report).toMatchObject({ health: 'unknown', problems: ['HAProxy stats (/run/haproxy/admin.sock): TimeoutError: timed out'] });
  });

  it('reports the socket error when HAProxy is not there', () => {
    const missing = { code: 1, stdout: 'Traceback (most recent call last):\n  File "<string>", line 4, in <module>\nFileNotFoundError: [Errno 2] No such file or directory' };
    expect(run('haproxy', 'vm1', missing).report.problems).toEqual(['HAProxy stats (/run/haproxy/admin.sock): FileNotFoundError: [Errno 2] No such file or directory']);
  });
});

describe('module registration', () => {
  it('gives phases 2-3 their probes; PostgreSQL answers through Patroni’s unit', () => {
    expect(healthOf('postgresql')!.unit).toBe('patroni.service');
    expect(healthOf('keepalived')!.vip).toBe('haproxy');
    expect(healthOf('vip-manager')!.vip).toBe('postgresql');
    expect(healthOf('etcd')!.electsLeader).toBe(true);
    expect(healthOf('patroni')!.electsLeader).toBe(true);
  });
});

/** Real answers of Debian 12's etcd 3.4.23, Patroni 3.0.2 (three members) and HAProxy 2.6.12, captured on loopback. */
describe('captured tool output', () => {
  const capture = (name: string): ProbeOutput => ({ code: 0, stdout: readFileSync(new URL(`./captures/${name}`, import.meta.url), 'utf8') });

  it('etcd: a single member that leads; a member that does not answer', () => {
    expect(run('etcd', 'vm1', capture('etcd-3.4.23-endpoint-status.json')).report).toEqual({ health: 'ok', role: 'leader', facts: ['term 2', 'version 3.4.23'], problems: [] });
    // Its conclusion says "deadline exceeded"; the log line before it says "connection refused": down.
    expect(run('etcd', 'vm1', { ...capture('etcd-3.4.23-refused.txt'), code: 1 }).report).toEqual({
      health: 'down',
      facts: [],
      problems: ['etcdctl endpoint status: Failed to get the status of endpoint https://127.0.0.1:32999 (context deadline exceeded)'],
    });
  });

  it('Patroni: leader, sync standby and replica', () => {
    expect(run('patroni', 'vm1', capture('patroni-3.0.2-leader.txt')).report).toEqual({ health: 'ok', role: 'leader', facts: ['timeline 1', '2 streaming replicas'], problems: [] });
    expect(run('patroni', 'vm2', capture('patroni-3.0.2-sync-standby.txt')).report).toEqual({ health: 'ok', role: 'sync', lagBytes: 0, facts: ['timeline 1'], problems: [] });
    expect(run('patroni', 'vm3', capture('patroni-3.0.2-replica.txt')).report).toEqual({ health: 'ok', role: 'replica', lagBytes: 0, facts: ['timeline 1'], problems: [] });
  });

  it('Patroni after the leader vm1 stopped: vm2 leads on timeline 2, vm1 refuses', () => {
    expect(run('patroni', 'vm1', { ...capture('patroni-3.0.2-stopped.txt'), code: 7 }).report).toMatchObject({ health: 'down', problems: ["Patroni REST API: curl: (7) Failed to connect to 127.0.0.1 port 38001 after 0 ms: Couldn't connect to server"] });
    expect(run('patroni', 'vm2', capture('patroni-3.0.2-new-leader.txt')).report).toEqual({ health: 'ok', role: 'leader', facts: ['timeline 2', '1 streaming replica'], problems: [] });
    expect(run('patroni', 'vm3', capture('patroni-3.0.2-replica-after-failover.txt')).report).toMatchObject({ health: 'ok', role: 'replica', facts: ['timeline 2'] });
  });

  it('HAProxy: the primary listener routes to the leader, the replicas listener to the others', () => {
    expect(run('haproxy', 'vm1', capture('haproxy-2.6.12-show-stat.csv')).report).toEqual({
      health: 'ok',
      facts: ['postgresql-primary: vm1 DOWN, vm2 UP, vm3 DOWN', 'postgresql-replicas: vm1 UP, vm2 DOWN, vm3 UP'],
      problems: [],
    });
  });
});
