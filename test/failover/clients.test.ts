import { describe, expect, it } from 'vitest';
import { prefixRange, seqFromKey } from '../../phases/02-coordination/etcd/failover-client.js';
import { classifyPgError } from '../../phases/03-data/postgresql/failover-client.js';
import { patroniReadiness } from '../../phases/03-data/postgresql/failover-probes.js';
import { parseIpAddrs } from '../../src/failover/clients/probes.js';

describe('PostgreSQL outcomes', () => {
  it('calls a write failed only when the server says it did not commit', () => {
    expect(classifyPgError({ code: '25006', message: 'cannot execute INSERT in a read-only transaction' })).toBe('failed');
    expect(classifyPgError({ code: '23505' })).toBe('failed');
  });

  it('calls it unknown when it may have committed (shutdown while waiting for the sync standby, broken connection)', () => {
    expect(classifyPgError({ code: '57P01', message: 'terminating connection due to administrator command' })).toBe('unknown');
    expect(classifyPgError({ code: 'XX000' })).toBe('unknown');
    expect(classifyPgError(new Error('Connection terminated unexpectedly'))).toBe('unknown');
    expect(classifyPgError({ code: 'ECONNRESET' })).toBe('unknown');
  });
});

describe('etcd keys', () => {
  it('ranges over a prefix and reads sequence numbers back', () => {
    const range = prefixRange('/t/run/');
    expect(Buffer.from(range.key, 'base64').toString()).toBe('/t/run/');
    expect(Buffer.from(range.range_end, 'base64').toString()).toBe('/t/run0');
    expect(seqFromKey('/t/run/', Buffer.from('/t/run/42').toString('base64'))).toBe(42);
    expect(seqFromKey('/t/run/', Buffer.from('/t/other/42').toString('base64'))).toBeUndefined();
  });
});

describe('VIP probe', () => {
  it('reads the IPv4 addresses of `ip -o -4 addr show`', () => {
    const out = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '2: eth0    inet 198.18.21.11/24 brd 198.18.21.255 scope global eth0\\       valid_lft forever',
      '2: eth0    inet 198.18.21.100/24 scope global secondary eth0\\       valid_lft forever',
    ].join('\n');
    expect(parseIpAddrs(out)).toEqual(['127.0.0.1', '198.18.21.11', '198.18.21.100']);
  });
});

describe('Patroni readiness', () => {
  const leader = { name: 'vm1', role: 'leader', state: 'running', timeline: 6 };
  it('is ready with a synchronous standby on the leader\'s timeline', () => {
    expect(patroniReadiness({ members: [leader, { name: 'vm2', role: 'sync_standby', state: 'running', timeline: 6, lag: 0 }] })).toBeUndefined();
  });

  it('names what would stop a failover', () => {
    expect(patroniReadiness({ members: [{ ...leader, role: 'replica' }] })).toBe('no running Patroni leader');
    expect(patroniReadiness({ members: [leader, { name: 'vm2', role: 'replica', state: 'running', timeline: 6, lag: 0 }] })).toBe('no synchronous standby (leader vm1)');
    expect(patroniReadiness({ members: [leader, { name: 'vm2', role: 'sync_standby', state: 'running', timeline: 5, lag: 0 }] })).toBe('synchronous standby vm2 is on timeline 5, the leader on 6');
    expect(patroniReadiness({ members: [leader, { name: 'vm2', role: 'sync_standby', state: 'running', timeline: 6, lag: 'unknown' }] })).toBe('synchronous standby vm2 lags unknown bytes');
  });
});
