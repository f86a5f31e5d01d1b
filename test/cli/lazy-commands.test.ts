import { Command, Help } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import type { CommandDescriptor } from '../../src/cli/command.js';
import { commands } from '../../src/cli/commands/index.js';
import { namedCommand } from '../../src/cli/main.js';
import { runMain } from '../doubles/main-run.js';

/** The real descriptors with a spy on each loader, to see which modules main imports. */
function spiedCommands(): CommandDescriptor[] {
  return commands.map((descriptor) => ({ ...descriptor, load: vi.fn(descriptor.load) }));
}

function loadedNames(descriptors: CommandDescriptor[]): string[] {
  return descriptors.filter((descriptor) => vi.mocked(descriptor.load).mock.calls.length > 0).map((descriptor) => descriptor.name);
}

/** Help text with commander's line wrapping undone. */
const unwrapped = (text: string) => text.replace(/\s+/g, ' ');

describe('command descriptors', () => {
  it('match the module each one loads: name, summary and the usage the command list shows', async () => {
    for (const descriptor of commands) {
      const module = await descriptor.load();
      expect(module.name).toBe(descriptor.name);
      expect(module.summary).toBe(descriptor.summary);
      const command = new Command(descriptor.name);
      module.configure(command);
      expect(new Help().subcommandTerm(command)).toBe(`${descriptor.name} ${descriptor.usage}`);
    }
  }, 60_000); // imports the whole tool
});

describe('main loads only the command argv names', () => {
  it('--help lists every command with its summary and loads none', async () => {
    const descriptors = spiedCommands();
    const { code, output } = await runMain(['--help'], descriptors);
    expect(code).toBe(0);
    for (const descriptor of commands) expect(unwrapped(output)).toContain(` ${descriptor.name} ${descriptor.usage} ${descriptor.summary} `);
    expect(loadedNames(descriptors)).toEqual([]);
  });

  it('--version prints the version and loads none', async () => {
    const descriptors = spiedCommands();
    const { code, output } = await runMain(['--version'], descriptors);
    expect(code).toBe(0);
    expect(output).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(loadedNames(descriptors)).toEqual([]);
  });

  it('no arguments prints the help and exits 2, loading none', async () => {
    const descriptors = spiedCommands();
    const { code, output } = await runMain([], descriptors);
    expect(code).toBe(2);
    expect(output).toContain('Usage: datalyptica [options] [command]');
    expect(loadedNames(descriptors)).toEqual([]);
  });

  it('an unknown command suggests the nearest name and loads none', async () => {
    const descriptors = spiedCommands();
    const { code, output } = await runMain(['stauts'], descriptors);
    expect(code).toBe(2);
    expect(output).toMatch(/unknown command 'stauts'\n\(Did you mean status\?\)/);
    expect(loadedNames(descriptors)).toEqual([]);
  });

  it('`status --help` and `help status` load status alone and show its options', async () => {
    for (const argv of [['status', '--help'], ['help', 'status']]) {
      const descriptors = spiedCommands();
      const { code, output } = await runMain(argv, descriptors);
      expect(code).toBe(0);
      expect(output).toContain('Usage: datalyptica status [options]');
      expect(output).toMatch(/--watch \[seconds\]/);
      expect(loadedNames(descriptors)).toEqual(['status']);
    }
  });

  it('running a command loads it once and nothing else', async () => {
    const descriptors = spiedCommands();
    const { code, output } = await runMain(['--no-color', 'validate', '-i', 'test/fixtures/valid/spec-default.yaml'], descriptors);
    expect(code, output).toBe(0);
    expect(output).toMatch(/spec-default\.yaml: valid/);
    expect(loadedNames(descriptors)).toEqual(['validate']);
    expect(vi.mocked(descriptors.find((descriptor) => descriptor.name === 'validate')?.load)).toHaveBeenCalledTimes(1);
  });
});

describe('namedCommand', () => {
  const name = (...args: string[]) => namedCommand(args, commands)?.name;

  it('is the first operand, past global flags', () => {
    expect(name('status')).toBe('status');
    expect(name('--json', '-v', 'status', '-i', 'x.yaml')).toBe('status');
    expect(name('lab', 'ssh', 'vm1', '--', 'hostname')).toBe('lab');
  });

  it('is the operand after `help`, and anything after `--` is an operand', () => {
    expect(name('help', 'lab')).toBe('lab');
    expect(name('--', 'validate')).toBe('validate');
    expect(name('help', '--', 'check')).toBe('check');
  });

  it('is nothing for flags alone, `help` alone or an unknown name', () => {
    expect(name()).toBeUndefined();
    expect(name('--version')).toBeUndefined();
    expect(name('help')).toBeUndefined();
    expect(name('stauts')).toBeUndefined();
  });
});
