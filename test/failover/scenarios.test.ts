import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../src/ssh/transport.js';
import { powerCommand, SystemdFaults } from '../../src/failover/faults.js';
import { failoverDecls } from '../../phases/registry.js';
import { scenarioTable } from '../../src/failover/kit.js';
import { parseSelection, selectScenarios } from '../../src/failover/scenarios.js';

const SCENARIOS = scenarioTable(failoverDecls());
const SERVICES = failoverDecls().map((decl) => decl.service);
import type { HostShell } from '../../src/failover/shell.js';

const noPower = (fault: string) => (fault === 'host-down' ? 'needs power control' : undefined);

describe('scenario selection', () => {
  it('runs every installed service with every fault this cluster allows, skipping the rest with a reason', () => {
    const { scenarios, skipped } = selectScenarios(SCENARIOS, parseSelection('all', undefined, SERVICES), new Set(['postgresql', 'etcd']), noPower, false);
    expect(scenarios.map((s) => `${s.service}/${s.fault}`)).toEqual(['etcd/kill', 'etcd/stop', 'postgresql/stop', 'postgresql/kill']);
    expect(skipped).toEqual(['haproxy: not installed on this cluster', 'kafka: not installed on this cluster', 'schema-registry: not installed on this cluster', 'host-down: needs power control']);
  });

  it('refuses a fault asked for by name that cannot run, and unknown names', () => {
    expect(() => selectScenarios(SCENARIOS, parseSelection('etcd', 'host-down', SERVICES), new Set(['etcd']), noPower, true)).toThrow(/--fault host-down: cannot run/);
    expect(() => parseSelection('nessie', undefined, SERVICES)).toThrow(/--service nessie/);
    expect(() => parseSelection('all', 'reboot', SERVICES)).toThrow(/--fault reboot/);
  });

  it('holds the lab targets of the issue and the spec\'s', () => {
    const target = (service: string, fault: string) => SCENARIOS.find((s) => s.service === service && s.fault === fault)!;
    expect(target('postgresql', 'stop')).toMatchObject({ targetMs: 5_000, specTargetMs: 30_000 });
    expect(target('postgresql', 'host-down').targetMs).toBe(25_000);
    expect(target('etcd', 'kill')).toMatchObject({ targetMs: 3_000, specTargetMs: 5_000 });
    expect(target('haproxy', 'stop').targetMs).toBe(1_000);
    expect(target('haproxy', 'host-down').targetMs).toBe(2_000);
  });
});

describe('systemd faults', () => {
  class FakeShell implements HostShell {
    readonly commands: string[] = [];
    constructor(private readonly code = 0) {}
    async exec(host: string, command: string): Promise<ExecResult> {
      this.commands.push(`${host}: ${command}`);
      return { code: this.code, stdout: '', stderr: this.code ? 'Unit x.service not loaded.' : '' };
    }
    async close(): Promise<void> {}
  }

  it('stops cleanly, kills every process of the unit, and restarts it to restore', async () => {
    const shell = new FakeShell();
    const faults = new SystemdFaults(shell, undefined);
    await faults.inject({ fault: 'stop', host: 'vm1', unit: 'patroni.service' });
    await faults.inject({ fault: 'kill', host: 'vm2', unit: 'etcd.service' });
    await faults.restore({ fault: 'kill', host: 'vm2', unit: 'etcd.service' });
    expect(shell.commands).toEqual([
      "vm1: systemctl stop 'patroni.service'",
      "vm2: systemctl kill -s SIGKILL --kill-who=all 'etcd.service'",
      "vm2: systemctl reset-failed 'etcd.service' 2>/dev/null; systemctl start 'etcd.service'",
    ]);
    expect(faults.unsupported('host-down')).toMatch(/--power-off-command/);
  });

  it('powers a host off and on through the power control and names the manual step', async () => {
    const calls: string[] = [];
    const faults = new SystemdFaults(new FakeShell(), { description: 'test', off: async (h) => void calls.push(`off ${h}`), on: async (h) => void calls.push(`on ${h}`) });
    const target = { fault: 'host-down' as const, host: 'vm3', unit: 'keepalived.service' };
    await faults.inject(target);
    await faults.restore(target);
    expect(calls).toEqual(['off vm3', 'on vm3']);
    expect(faults.manualRestore(target)).toBe('power vm3 on (test), then on vm3: sudo systemctl start keepalived.service');
  });

  it('turns a failing systemctl into an error naming the host', async () => {
    const faults = new SystemdFaults(new FakeShell(5), undefined);
    await expect(faults.inject({ fault: 'stop', host: 'vm1', unit: 'x.service' })).rejects.toThrow(/vm1: `systemctl stop 'x.service'` exited 5: Unit x.service not loaded/);
  });

  it('quotes host names in power command templates', () => {
    expect(powerCommand('virsh destroy {host} # {address}', 'vm1', '10.0.0.1')).toBe("virsh destroy 'vm1' # '10.0.0.1'");
  });
});
