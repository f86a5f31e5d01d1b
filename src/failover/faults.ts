import { systemClock, type Clock } from '../core/clock.js';
import { DatalypticaError } from '../core/errors.js';
import { shellQuote } from '../ssh/sudo.js';
import type { HostShell } from './shell.js';
import type { FaultKind } from './types.js';

/** One fault on one systemd unit of one host, and how to undo it. */
export interface FaultTarget {
  fault: FaultKind;
  host: string;
  unit: string;
}

/** Powering a whole host off and on: the lab's containers, or the user's own commands. */
export interface PowerControl {
  readonly description: string;
  off(host: string): Promise<void>;
  on(host: string): Promise<void>;
}

/** Kills every process of a unit at once; on a real host this is systemd, in the lab the machine's cgroups. */
export type ProcessKiller = (host: string, unit: string) => Promise<void>;

/** Faults from outside the hosts (a lab's machine side, a hypervisor): what a fault port offers failover-test. */
export interface FaultPort {
  power: PowerControl;
  killer: ProcessKiller;
}

export interface FaultInjector {
  /** What `inject` will do, in words for the confirmation and the report. */
  describe(target: FaultTarget): string;
  inject(target: FaultTarget): Promise<void>;
  /** Idempotent: safe to run whether or not the fault took effect. */
  restore(target: FaultTarget): Promise<void>;
  /** The step a person takes when `restore` failed. */
  manualRestore(target: FaultTarget): string;
  /** Why a fault kind cannot run here, or undefined when it can. */
  unsupported(fault: FaultKind): string | undefined;
}

const STOP_TIMEOUT_MS = 90_000;
/** How long a host powered on again may take to answer SSH. */
const BOOT_SSH_TIMEOUT_MS = 60_000;

/**
 * Faults through SSH and systemd: `stop` is a clean `systemctl stop`; `kill` is SIGKILL to every
 * process of the unit at once (`--kill-who=all`: a leader whose PostgreSQL survives its Patroni
 * is not a dead leader); `host-down` needs a PowerControl, because nothing over SSH can power a
 * host off and be sure it comes back.
 */
export class SystemdFaults implements FaultInjector {
  constructor(
    private readonly shell: HostShell,
    private readonly power: PowerControl | undefined,
    private readonly killer?: ProcessKiller,
    private readonly clock: Clock = systemClock,
  ) {}

  describe(target: FaultTarget): string {
    switch (target.fault) {
      case 'stop':
        return `systemctl stop ${target.unit} on ${target.host}`;
      case 'kill':
        return this.killer ? `SIGKILL every process of ${target.unit} on ${target.host} (lab cgroup)` : `systemctl kill -s SIGKILL --kill-who=all ${target.unit} on ${target.host}`;
      case 'host-down':
        return `power off ${target.host} (${this.power?.description ?? 'no power control'})`;
    }
  }

  unsupported(fault: FaultKind): string | undefined {
    if (fault === 'host-down' && !this.power) return 'host-down needs --power-off-command and --power-on-command (or the lab)';
    return undefined;
  }

  async inject(target: FaultTarget): Promise<void> {
    switch (target.fault) {
      case 'stop':
        return this.systemctl(target.host, `systemctl stop ${shellQuote(target.unit)}`);
      case 'kill':
        if (this.killer) return this.killer(target.host, target.unit);
        return this.systemctl(target.host, `systemctl kill -s SIGKILL --kill-who=all ${shellQuote(target.unit)}`);
      case 'host-down':
        return this.requirePower().off(target.host);
    }
  }

  async restore(target: FaultTarget): Promise<void> {
    const start = `systemctl reset-failed ${shellQuote(target.unit)} 2>/dev/null; systemctl start ${shellQuote(target.unit)}`;
    if (target.fault !== 'host-down') return this.systemctl(target.host, start);
    await this.requirePower().on(target.host);
    // After a boot the unit starts by itself; starting it again is harmless. A host still
    // booting (every service starting at once) may take a while to complete an SSH handshake.
    const deadline = this.clock.now() + BOOT_SSH_TIMEOUT_MS;
    for (;;) {
      try {
        return await this.systemctl(target.host, start);
      } catch (error) {
        const booting = error instanceof DatalypticaError && error.code.startsWith('E_SSH');
        if (!booting || this.clock.now() >= deadline) throw error;
        await this.clock.sleep(1_000);
      }
    }
  }

  manualRestore(target: FaultTarget): string {
    const start = `on ${target.host}: sudo systemctl start ${target.unit}`;
    return target.fault === 'host-down' ? `power ${target.host} on (${this.power?.description ?? 'your hypervisor'}), then ${start}` : start;
  }

  private requirePower(): PowerControl {
    if (!this.power) throw new DatalypticaError('E_FAILOVER_NO_POWER', 'failover-test: host-down needs a way to power hosts off and on', { hint: this.unsupported('host-down') });
    return this.power;
  }

  private async systemctl(host: string, command: string): Promise<void> {
    const result = await this.shell.exec(host, command, { timeoutMs: STOP_TIMEOUT_MS, sudo: true });
    if (result.code !== 0) {
      throw new DatalypticaError('E_FAILOVER_SYSTEMCTL', `${host}: \`${command}\` exited ${result.code}: ${result.stderr.trim().split('\n')[0] ?? ''}`, {
        hint: `check the unit with: systemctl status on ${host}`,
      });
    }
  }
}

/** Substitutes {host} and {address} (shell-quoted) into a user's power command template. */
export function powerCommand(template: string, host: string, address: string): string {
  return template.replaceAll('{host}', shellQuote(host)).replaceAll('{address}', shellQuote(address));
}
