import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, expect, it } from 'vitest';
import { stateDirFor } from '../../src/cli/commands/run-options.js';
import { RecordingIoHost } from '../../src/core/events.js';
import { labStatus, labUp } from '../../src/lab/lab.js';
import { labPaths } from '../../src/lab/paths.js';
import { describeLab, needRoot } from './preconditions.js';

/**
 * Issue 3's robustness cases on the real lab: `plan` shows a hand edit of a managed file as a
 * diff and changes nothing; a host powered off in the middle of a run gives a clear error and
 * keeps the state; after `lab start`, `install --resume` finishes the job.
 */

const paths = labPaths();
const BIN = new URL('../../bin/datalyptica.js', import.meta.url).pathname;

function cli(args: string[]) {
  return execa('node', [BIN, ...args], { reject: false, stdin: 'ignore', all: true });
}

async function onHost(host: string, command: string): Promise<string> {
  const result = await cli(['lab', 'ssh', host, '--', command]);
  if (result.exitCode !== 0) throw new Error(`lab ssh ${host} ${command}: ${String(result.all)}`);
  return String(result.stdout);
}

describeLab('plan, power loss and resume on the lab', needRoot(), () => {
  beforeAll(async () => {
    if (!(await labStatus()).up) await labUp({ io: new RecordingIoHost() });
    // Phase 1 converged first, so what follows sees only the changes the test makes.
    const converge = await cli(['install', '-i', paths.inventory, '--only', '1', '--yes']);
    expect(converge.exitCode, String(converge.all)).toBe(0);
  });

  it('plan shows a hand edit of a managed file as a diff and changes nothing', async () => {
    await onHost('vm4', "sed -i 's/^\\(.*vm5\\.mgmt\\..*\\)$/# \\1/' /etc/hosts");
    const edited = await onHost('vm4', 'sha256sum /etc/hosts');
    const plan = await cli(['plan', '-i', paths.inventory, '--only', '1', '--hosts', 'vm4']);
    expect(plan.exitCode, String(plan.all)).toBe(0);
    expect(plan.stdout).toMatch(/^\s+-# .*vm5\.mgmt\./m);
    expect(plan.stdout).toMatch(/^\s+\+[0-9.]+\s+vm5\.mgmt\./m);
    expect(await onHost('vm4', 'sha256sum /etc/hosts')).toBe(edited);
  });

  it('a host powered off mid-run fails clearly, keeps the state, and --resume finishes after it is back', async () => {
    // Give vm5 real work in the packages step, then cut its power when that step starts there.
    await onHost('vm5', 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -q jq </dev/null >/dev/null');
    const run = execa('node', [BIN, 'install', '-i', paths.inventory, '--phase', '1', '--yes', '--json'], { reject: false, stdin: 'ignore' });
    let poweredOff = false;
    run.stdout!.on('data', (chunk: Buffer) => {
      if (poweredOff) return;
      const started = chunk
        .toString()
        .split('\n')
        .some((line) => line.includes('"type":"step-start"') && line.includes('"host":"vm5"') && line.includes('"step":"packages"'));
      if (started) {
        poweredOff = true;
        void execa('node', [BIN, 'lab', 'stop', 'vm5'], { stdin: 'ignore' });
      }
    });
    const failed = await run;
    expect(poweredOff).toBe(true);
    expect(failed.exitCode).toBe(1);
    const summary = String(failed.stdout)
      .split('\n')
      .filter((line) => line.includes('"type":"summary"'))
      .map((line) => JSON.parse(line) as { phases: Array<{ failedHosts: Array<{ host: string; error: string }> }> })[0]!;
    const failure = summary.phases[0]!.failedHosts.find((entry) => entry.host === 'vm5');
    expect(failure?.error).toMatch(/vm5/);
    expect(failure?.error.split('\n')).toHaveLength(1);

    // The state still records the phases completed before; the run is marked as failed in phase 1.
    const state = JSON.parse(readFileSync(join(stateDirFor(paths.inventory), 'state.json'), 'utf8')) as { lastRun: { ok: boolean; failedPhase: number } };
    expect(state.lastRun).toMatchObject({ ok: false, failedPhase: 1 });

    const start = await cli(['lab', 'start', 'vm5']);
    expect(start.exitCode, String(start.all)).toBe(0);
    const resumed = await cli(['install', '-i', paths.inventory, '--phase', '1', '--resume', '--yes']);
    expect(resumed.exitCode, String(resumed.all)).toBe(0);
    expect(await onHost('vm5', "dpkg-query -W -f='${Status}' jq")).toBe('install ok installed');
  });
});
