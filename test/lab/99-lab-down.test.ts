import { readdir, readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { RecordingIoHost } from '../../src/core/events.js';
import { labDown, labStatus } from '../../src/lab/lab.js';
import { labPaths } from '../../src/lab/paths.js';
import { describeLab, needRoot } from './preconditions.js';

/** Runs last: `lab down` leaves no container, mount, namespace, veth or bridge behind. */


async function nspawnProcesses(): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.startsWith('systemd-nspawn\0') && cmdline.includes('--network-namespace-path=/run/netns/dlab-')) found.push(pid);
  }
  return found;
}

describeLab('lab down', needRoot(), () => {
  it('removes everything the lab created, and can run again', async () => {
    await labDown({ io: new RecordingIoHost() });
    expect(String((await execa('ip', ['netns', 'list'])).stdout)).not.toMatch(/dlab-/);
    expect(String((await execa('ip', ['-o', 'link'])).stdout)).not.toMatch(/dlab/);
    expect(await readFile('/proc/self/mountinfo', 'utf8')).not.toContain(labPaths().hostsDir);
    expect(await nspawnProcesses()).toEqual([]);
    expect((await labStatus()).up).toBe(false);
    await expect(labDown({ io: new RecordingIoHost() })).resolves.toEqual([]);
  });
});
