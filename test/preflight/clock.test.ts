import { describe, expect, it } from 'vitest';
import { checkClocks, estimateOffset, type HostClock } from '../../src/preflight/checks/clock.js';

const clocks = (offsets: Record<string, number>, extra: Partial<HostClock> = {}): HostClock[] =>
  Object.entries(offsets).map(([host, offsetSeconds]) => ({ host, offsetSeconds, uncertaintySeconds: 0.001, ...extra }));

const statuses = (result: ReturnType<typeof checkClocks>) => Object.fromEntries([...result.outcomes].map(([host, outcome]) => [host, outcome.status]));

describe('clock offset estimate', () => {
  it('compares the midpoint of the script with the midpoint of the round trip', () => {
    // Sent at 1000.000 s, received at 1000.400 s; the host ran the script from 1002.150 to 1002.250.
    const estimate = estimateOffset(1_000_000, 1_000_400, 1002.15, 1002.25);
    expect(estimate.offsetSeconds).toBeCloseTo(2.0, 6);
    // 0.4 s round trip, 0.1 s of it in the script: the delays add up to 0.3 s, half of it is the bound.
    expect(estimate.uncertaintySeconds).toBeCloseTo(0.15, 6);
  });
});

describe('clock comparison between hosts', () => {
  it('passes hosts within 0.1 s of each other', () => {
    const result = checkClocks(clocks({ vm1: 0.01, vm2: -0.02, vm3: 0.05 }));
    expect(statuses(result)).toEqual({ vm1: 'pass', vm2: 'pass', vm3: 'pass' });
    expect(result.spreadSeconds).toBeCloseTo(0.07, 6);
    expect(result.outcomes.get('vm1')!.detail).toBe('within 0.1 s of the others; +0.010 s ±0.001 s from this machine');
  });

  it('blames the one host that is off, not every host', () => {
    const result = checkClocks(clocks({ vm1: 0, vm2: 0.01, vm3: 2.5, vm4: -0.01, vm5: 0.02 }));
    expect(statuses(result)).toEqual({ vm1: 'pass', vm2: 'pass', vm3: 'fail', vm4: 'pass', vm5: 'pass' });
    expect(result.outcomes.get('vm3')!.detail).toBe('2.490 s ahead of the other hosts (at least 2.508 s apart)');
    expect(result.outcomes.get('vm3')!.fix).toContain('chrony');
  });

  it('warns between 0.1 s and 1 s, and grades several outliers by what is left', () => {
    const result = checkClocks(clocks({ vm1: 0, vm2: 0, vm3: 0, vm4: 0.5, vm5: -1.5 }));
    expect(statuses(result)).toEqual({ vm1: 'pass', vm2: 'pass', vm3: 'pass', vm4: 'warn', vm5: 'fail' });
  });

  it('flags both of two hosts that disagree: there is no majority', () => {
    expect(statuses(checkClocks(clocks({ vm1: 0, vm2: 0.3 })))).toEqual({ vm1: 'warn', vm2: 'warn' });
  });

  it('does not flag differences within the measurement error (hosts sharing one kernel clock, slow SSH)', () => {
    // Measured on the lab: every container reads the same clock, the script started late in the round trip.
    const measured: HostClock[] = [
      { host: 'vm1', offsetSeconds: 0.122, uncertaintySeconds: 0.122 },
      { host: 'vm2', offsetSeconds: 0.009, uncertaintySeconds: 0.011 },
      { host: 'vm3', offsetSeconds: 0.102, uncertaintySeconds: 0.105 },
    ];
    const result = checkClocks(measured);
    expect(statuses(result)).toEqual({ vm1: 'pass', vm2: 'pass', vm3: 'pass' });
    expect(result.spreadSeconds).toBeCloseTo(0.113, 6);
    expect(result.provenSpreadSeconds).toBe(0);
  });

  it('says when a container shares its clock with the machine it runs on', () => {
    const result = checkClocks(clocks({ vm1: 0, vm2: 5 }, { container: 'systemd-nspawn' }));
    expect(result.outcomes.get('vm2')!.detail).toContain('systemd-nspawn container: its host owns the clock');
    expect(result.outcomes.get('vm2')!.fix).toContain('machine that runs the vm2 container');
  });

  it('passes a single host: nothing to compare', () => {
    const result = checkClocks(clocks({ vm1: 30 }));
    expect(statuses(result)).toEqual({ vm1: 'pass' });
    expect(result.spreadSeconds).toBe(0);
  });
});
