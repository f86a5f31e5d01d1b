import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { claimOverlaps, firstNewHolder, holdersOf, sampleOnce, type ClaimSample } from '../../src/failover/claims.js';

const VIP = '198.18.21.100';
const s = (host: string, at: number, holds: boolean, ok = true): ClaimSample => ({ host, at, ok, claims: holds ? [VIP] : [] });

describe('split brain', () => {
  it('sees no overlap when the VIP moves cleanly', () => {
    const samples = [s('vm1', 0, true), s('vm2', 10, false), s('vm1', 200, true), s('vm2', 210, false), s('vm1', 400, false), s('vm2', 410, true), s('vm1', 600, false), s('vm2', 610, true)];
    expect(claimOverlaps(samples, VIP, 300)).toEqual([]);
  });

  it('reports two holders at once, relative to the fault', () => {
    // vm1 keeps a stale VIP after its keepalived was killed; vm2 takes it over too.
    const samples = [s('vm1', 0, true), s('vm2', 10, false), s('vm1', 1_000, true), s('vm2', 1_010, true), s('vm1', 3_000, true), s('vm2', 3_010, true), s('vm1', 3_200, false), s('vm2', 3_210, true)];
    expect(claimOverlaps(samples, VIP, 0)).toEqual([{ claim: VIP, hosts: ['vm1', 'vm2'], fromMs: 1_010, toMs: 3_000 }]);
  });

  it('catches a single sample of a second holder inside the first one\'s stretch', () => {
    const samples = [s('vm1', 0, true), s('vm1', 200, true), s('vm2', 100, true), s('vm2', 300, false)];
    expect(claimOverlaps(samples, VIP, 0)).toHaveLength(1);
  });

  it('does not bridge a stretch over a sample the host did not answer', () => {
    const samples = [s('vm1', 0, true), s('vm1', 200, false, false), s('vm1', 400, true), s('vm2', 200, true), s('vm2', 250, false)];
    expect(claimOverlaps(samples, VIP, 0)).toEqual([]);
  });
});

describe('leader change', () => {
  it('finds the first other host holding the role after the fault', () => {
    const samples = [s('vm2', 50, true), s('vm1', 100, true), s('vm3', 900, true), s('vm2', 700, true)];
    expect(firstNewHolder(samples, VIP, 'vm1', 100)).toEqual({ at: 700, host: 'vm2' });
    expect(holdersOf([s('vm1', 0, true), s('vm2', 0, false), s('vm3', 0, true, false)], VIP)).toEqual(['vm1']);
  });

  it('bounds a probe that never answers (a powered-off host)', async () => {
    const sample = await sampleOnce('vm1', () => new Promise(() => undefined), 20, systemClock);
    expect(sample).toMatchObject({ host: 'vm1', ok: false, claims: [] });
    const failing = await sampleOnce('vm1', () => Promise.reject(new Error('refused')), 20, systemClock);
    expect(failing.ok).toBe(false);
  });
});
