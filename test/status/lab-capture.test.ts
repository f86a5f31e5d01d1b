import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Transport } from '../../src/ssh/transport.js';
import { healthOf } from '../../phases/registry.js';
import { collectStatus, type StatusPool } from '../../src/status/index.js';
import { labInventory } from '../config/lab-inventory.js';

/**
 * The whole status script's answer from each lab host after phases 1-3 (Debian 12: etcd
 * 3.4.23, Patroni 3.0.2, HAProxy 2.6.12, keepalived, vip-manager 1.0.2), captured with
 * `datalyptica lab ssh <host> -- <script>`: the real sections, parsed and judged end to end.
 */
const capturePool: StatusPool = {
  async get(host) {
    const stdout = readFileSync(new URL(`./captures/lab-${host}-after-phase-3.txt`, import.meta.url), 'utf8');
    return { host, user: 'root', exec: async () => ({ code: 0, stdout, stderr: '' }) } as unknown as Transport;
  },
};

describe('status from real lab captures', () => {
  it('judges the lab after phases 1-3 healthy', async () => {
    // The lab's application network is 198.18.21.0/24 with the VIPs at .100 and .101.
    const status = await collectStatus(labInventory({ appBase: '198.18.21.' }), capturePool, { health: healthOf, deadlineMs: 1000 });
    expect([...status.groups.map((group) => group.summary), ...status.vips.map((vip) => vip.summary)]).toEqual([
      'etcd 3/3 healthy · leader vm1',
      'haproxy 3/3 healthy',
      'postgresql 3/3 healthy · leader vm1 · sync vm2 · replica vm3 · lag 0 B',
      'vip-manager 3/3 healthy',
      'vip haproxy 198.18.21.100 on vm1',
      'vip postgresql 198.18.21.101 on vm1',
    ]);
    expect(status.exitCode).toBe(0);
    const vm2 = status.hosts.find((host) => host.name === 'vm2')!;
    // Patroni 3.0 answers `timeline: null` for this replica; the DCS's member entry has it.
    expect(vm2.services.find((service) => service.service === 'patroni')!.facts).toEqual(['timeline 1']);
    expect(status.hosts.find((host) => host.name === 'vm5')!.services.every((service) => service.health === 'not-installed')).toBe(true);
  });
});
