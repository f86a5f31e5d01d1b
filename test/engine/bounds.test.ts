import { describe, expect, it } from 'vitest';
import type { Phase } from '../../src/engine/phase.js';
import { APPLY_BOUNDS, PROBE_BOUNDS } from '../../src/engine/host-session.js';
import { command, packages } from '../../src/engine/resources/index.js';
import { remoteTimeout } from '../../src/ssh/exec-watch.js';
import type { ExecOptions, ExecResult } from '../../src/ssh/transport.js';
import { FakeHost } from '../doubles/fake-host.js';
import { fakeCluster, tasks } from './helpers.js';

/**
 * A fake host that records the bounds of every exec and hangs the install command the first
 * `stalls` times: it answers as the SSH transport does when a bound expired.
 */
const isInstall = (options: ExecOptions) => /^dl_pkg_install /m.test(options.stdin?.toString() ?? '');

class StallingHost extends FakeHost {
  readonly calls: ExecOptions[] = [];
  stalls = 0;

  override async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.calls.push(options);
    if (this.stalls > 0 && isInstall(options)) {
      this.stalls--;
      this.executed.push('stalled dl_pkg_install');
      throw remoteTimeout(this.host, options.what ?? command, { kind: 'idle', ms: options.idleTimeoutMs! }, 'killed on the host', ['Get:1 http://deb.debian.org/debian bookworm/main amd64 jq 1.6-2.1 [135 kB]']);
    }
    return super.exec(command, options);
  }
}

function stallingCluster() {
  const cluster = fakeCluster(['vm1']);
  const host = new StallingHost('vm1');
  host.available.set('jq', '1.6-2.1');
  cluster.hosts.set('vm1', host);
  return { cluster, host };
}

const phaseOf = (...resources: Array<() => ReturnType<typeof packages>>): Phase => ({
  id: 1,
  title: 'bounds',
  hosts: () => ['vm1'],
  steps: [{ name: 'step', resources: () => resources.map((make) => make()) }],
});

const installs = (host: FakeHost) => host.executed.filter((line) => line.includes('dl_pkg_install'));

describe('bounds of remote commands', () => {
  it('every command has a total and an idle bound: probe bounds for reads, apply bounds by default, a resource its own', async () => {
    const { cluster, host } = stallingCluster();
    const quick = () => command({ name: 'quick', run: 'true', creates: '/done', timeoutMs: 5000 });
    host.commands.set('true', (_args, fake) => void fake.putFile('/done', ''));
    const { summary } = await cluster.install([phaseOf(quick, () => command({ name: 'default', run: 'true', unless: 'false' }))]);
    expect(summary.phases[0]!.failedHosts).toEqual([{ host: 'vm1', error: expect.stringContaining('default still differs'), hint: expect.any(String) }]);
    const byWhat = new Map(host.calls.map((call) => [call.what, { timeoutMs: call.timeoutMs, idleTimeoutMs: call.idleTimeoutMs }]));
    expect(byWhat.get('reading the host state')).toEqual(PROBE_BOUNDS);
    expect(byWhat.get('quick')).toEqual({ timeoutMs: 5000, idleTimeoutMs: APPLY_BOUNDS.idleTimeoutMs });
    expect(byWhat.get('default')).toEqual(APPLY_BOUNDS);
    for (const call of host.calls) expect(call.timeoutMs).toBeGreaterThan(0);
  });

  it('an install that stalls is killed and tried again, with the dpkg repair at the start of each attempt', async () => {
    const { cluster, host } = stallingCluster();
    host.stalls = 2;
    const { summary, events } = await cluster.install([phaseOf(() => packages(['jq']))]);
    expect(summary.ok).toBe(true);
    expect(host.installed.get('jq')).toBe('1.6-2.1');
    expect(installs(host)).toEqual(['stalled dl_pkg_install', 'stalled dl_pkg_install', "dl_pkg_install 'apt' 'jq'"]);
    expect(host.calls.filter(isInstall).map((call) => [call.what, call.idleTimeoutMs])).toEqual([
      ['install jq', 120_000],
      ['install jq (attempt 2 of 3)', 120_000],
      ['install jq (attempt 3 of 3)', 120_000],
    ]);
    expect(tasks(events).find((task) => task.task === 'packages jq')?.status).toBe('changed');
  });

  it('after three stalled attempts the step fails with one line naming host, command and last output', async () => {
    const { cluster, host } = stallingCluster();
    host.stalls = 5;
    const { summary } = await cluster.install([phaseOf(() => packages(['jq']))]);
    expect(summary.ok).toBe(false);
    expect(installs(host)).toHaveLength(3);
    const [failure] = summary.phases[0]!.failedHosts;
    expect(failure).toEqual({
      host: 'vm1',
      error: 'vm1: install jq (attempt 3 of 3) printed nothing for 120 s (killed on the host); last output: Get:1 http://deb.debian.org/debian bookworm/main amd64 jq 1.6-2.1 [135 kB]',
      hint: expect.stringContaining('install --resume'),
    });
  });

  it('a refused install is not retried: it would fail the same way', async () => {
    const { cluster, host } = stallingCluster();
    host.available.delete('jq');
    const { summary } = await cluster.install([phaseOf(() => packages(['jq']))]);
    expect(summary.phases[0]!.failedHosts[0]!.error).toContain('vm1: install jq failed (exit 100)');
    expect(installs(host)).toHaveLength(1);
  });
});
