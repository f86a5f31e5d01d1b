import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureAnsible, runPlaybook } from '../../bench/ansible.js';
import type { PrereqProbe } from '../../src/lab/prereqs.js';
import type { Runner } from '../../src/lab/runner.js';

/** A machine whose PATH is /usr/bin holding `present`; apt-get, when run, adds ansible-playbook. */
function machine(options: { root: boolean; present: string[] }) {
  const files = new Set(options.present.map((name) => `/usr/bin/${name}`));
  const ran: string[] = [];
  const probe: PrereqProbe = {
    isRoot: () => options.root,
    platform: () => 'linux',
    exists: async (path) => files.has(path),
    pathDirs: () => ['/usr/bin'],
    filesystems: async () => 'nodev\toverlay\n',
  };
  const runner: Runner = {
    run: async (command, args) => {
      ran.push([command, ...args].join(' '));
      if (args[0] === 'install') files.add('/usr/bin/ansible-playbook');
      return { exitCode: 0, stdout: '', stderr: '' };
    },
    spawnDetached: () => {
      throw new Error('not used');
    },
  };
  return { probe, runner, ran };
}

describe('bench: ansible-playbook', () => {
  it('does nothing when it is on PATH', async () => {
    const { probe, runner, ran } = machine({ root: true, present: ['ansible-playbook', 'apt-get'] });
    await ensureAnsible(() => undefined, probe, runner);
    expect(ran).toEqual([]);
  });

  it('without root, fails naming what is missing and the apt command', async () => {
    const { probe, runner, ran } = machine({ root: false, present: ['apt-get'] });
    await expect(ensureAnsible(() => undefined, probe, runner)).rejects.toThrow(/ansible-playbook is not installed .*install it with: apt-get install -y ansible/);
    expect(ran).toEqual([]);
  });

  it('as root, installs it with apt and says so', async () => {
    const { probe, runner, ran } = machine({ root: true, present: ['apt-get'] });
    const printed: string[] = [];
    await ensureAnsible((line) => printed.push(line), probe, runner);
    expect(ran).toEqual(['apt-get update', 'apt-get install -y ansible']);
    expect(printed).toEqual([expect.stringMatching(/ansible-playbook is not installed .*installing it: apt-get install -y ansible/)]);
  });

  it('a playbook run without ansible-playbook says it is not installed, not "exited undefined"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-bench-ansible-'));
    const path = process.env.PATH;
    process.env.PATH = dir; // an empty directory: nothing to run
    try {
      await expect(runPlaybook(dir)).rejects.toThrow('bench: ansible-playbook is not installed; install it with: apt-get install -y ansible');
    } finally {
      process.env.PATH = path;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
