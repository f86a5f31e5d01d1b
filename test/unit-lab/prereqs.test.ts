import { describe, expect, it } from 'vitest';
import { DatalypticaError } from '../../src/core/errors.js';
import { RecordingIoHost } from '../../src/core/events.js';
import { aptInstallCommand, ensurePrerequisites, missingPrerequisites, type PrereqProbe } from '../../src/lab/prereqs.js';
import type { Runner, RunResult } from '../../src/lab/runner.js';

function probe(files: string[], root = true): PrereqProbe & { files: Set<string> } {
  const set = new Set(files);
  return {
    files: set,
    isRoot: () => root,
    platform: () => 'linux',
    exists: async (path) => set.has(path),
    pathDirs: () => ['/usr/bin', '/usr/sbin'],
    filesystems: async () => 'nodev\toverlay\n',
  };
}

const ALL = ['/usr/bin/systemd-nspawn', '/usr/sbin/debootstrap', '/usr/share/keyrings/debian-archive-keyring.gpg', '/usr/sbin/apt-cacher-ng', '/usr/sbin/ip', '/usr/bin/ssh', '/usr/bin/ssh-keygen', '/usr/bin/mvn'];

function recordingRunner(onRun: (command: string, args: string[]) => void = () => undefined): Runner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: async (command, args): Promise<RunResult> => {
      calls.push([command, ...args].join(' '));
      onRun(command, args);
      return { exitCode: 0, stdout: '', stderr: '' };
    },
    spawnDetached: () => 1,
  };
}

async function failure(promise: Promise<unknown>): Promise<DatalypticaError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DatalypticaError);
  return error as DatalypticaError;
}

describe('lab prerequisites', () => {
  it('finds nothing missing on a prepared machine', async () => {
    expect(await missingPrerequisites(probe(ALL))).toEqual([]);
  });

  it('names the missing tools and the apt command that fixes them', async () => {
    const error = await failure(ensurePrerequisites(probe(ALL.filter((f) => !f.includes('nspawn') && !f.includes('debootstrap'))), recordingRunner(), new RecordingIoHost(), false));
    expect(error.code).toBe('E_LAB_PREREQS');
    expect(error.message).toMatch(/systemd-nspawn.*debootstrap/);
    expect(error.hint).toBe('apt-get install -y systemd-container debootstrap, or run: datalyptica lab up --install-prereqs');
  });

  it('refuses to run as a normal user', async () => {
    const error = await failure(ensurePrerequisites(probe(ALL, false), recordingRunner(), new RecordingIoHost(), false));
    expect(error.code).toBe('E_LAB_NOT_ROOT');
    expect(error.hint).toMatch(/sudo datalyptica lab up/);
  });

  it('installs the missing packages with --install-prereqs', async () => {
    const machine = probe(ALL.filter((f) => !f.includes('apt-cacher-ng')));
    const runner = recordingRunner((command) => {
      if (command === 'apt-get') machine.files.add('/usr/sbin/apt-cacher-ng');
    });
    await ensurePrerequisites(machine, runner, new RecordingIoHost(), true);
    expect(runner.calls).toEqual(['apt-get update', 'apt-get install -y apt-cacher-ng']);
  });

  it('lists one apt package once even when two tools come from it', () => {
    expect(aptInstallCommand([
      { needs: 'ssh', aptPackage: 'openssh-client', why: '' },
      { needs: 'ssh-keygen', aptPackage: 'openssh-client', why: '' },
    ])).toBe('apt-get install -y openssh-client');
  });
});
