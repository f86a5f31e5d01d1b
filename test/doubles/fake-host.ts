import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ExecOptions, ExecResult, Transport } from '../../src/ssh/transport.js';
import { PRELUDE } from '../../src/engine/shell.js';

/**
 * An in-memory host for unit tests: a tiny filesystem, packages, sysctls, users, units and a
 * map of command handlers. It runs the engine's real scripts by implementing the prelude's
 * functions (shell.ts) over that state, so a test sees exactly what a host would be sent.
 */
export interface FakeFile {
  content: Buffer;
  mode: string;
  owner: string;
  group: string;
}

export interface FakeDir {
  mode: string;
  owner: string;
  group: string;
}

type Handler = (args: string[], host: FakeHost) => Partial<ExecResult> | void;

const ok = (stdout = ''): ExecResult => ({ code: 0, stdout, stderr: '' });
const failed = (code: number, stderr: string): ExecResult => ({ code, stdout: '', stderr });
const short = (mode: string) => parseInt(mode, 8).toString(8);

/** Splits one script line into words: single quotes (with the '\'' idiom) and plain words. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === "'") {
      const end = line.indexOf("'", i + 1);
      current += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (char === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (char === ' ' || char === '\t') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

export class FakeHost implements Transport {
  readonly files = new Map<string, FakeFile>();
  readonly dirs = new Map<string, FakeDir>();
  packageManager: 'apt' | 'dnf' | 'none' = 'apt';
  readonly installed = new Map<string, string>();
  /** Versions an install can get. */
  readonly available = new Map<string, string>();
  readonly sysctls = new Map<string, { value: string; writable: boolean }>();
  readonly users = new Map<string, { home: string; shell: string; groups: string[] }>();
  readonly groups = new Set<string>();
  readonly units = new Map<string, { enabled: boolean; active: boolean }>();
  /** Commands for `dl_sh`/`dl_test` and any unknown line, keyed by the exact command text. */
  readonly commands = new Map<string, Handler>();
  /** Overrides for any function or command name, consulted first (failure injection). */
  readonly overrides = new Map<string, Handler>();
  /** Every line executed, in order, for assertions. */
  readonly executed: string[] = [];
  execCount = 0;
  uploads = 0;
  closed = false;

  constructor(
    readonly host: string,
    readonly user = 'root',
  ) {}

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.execCount++;
    const stdin = options.stdin?.toString() ?? '';
    if (command === 'sh -s' && stdin.startsWith(PRELUDE)) return this.runScript(stdin.slice(PRELUDE.length));
    return this.runLine(shellWords(command), command);
  }

  async upload(content: Buffer | string, remotePath: string): Promise<void> {
    this.uploads++;
    this.files.set(remotePath, { content: Buffer.from(content), mode: '600', owner: this.user, group: this.user });
  }

  async uploadFile(localPath: string, remotePath: string): Promise<void> {
    await this.upload(readFileSync(localPath), remotePath);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Test helper: a file as if it were already on the host. */
  putFile(path: string, content: string | Buffer, attrs: Partial<Omit<FakeFile, 'content'>> = {}): void {
    this.files.set(path, { content: Buffer.from(content), mode: short(attrs.mode ?? '644'), owner: attrs.owner ?? 'root', group: attrs.group ?? 'root' });
  }

  fileText(path: string): string | undefined {
    return this.files.get(path)?.content.toString();
  }

  private runScript(body: string): ExecResult {
    let stopOnError = false;
    let stdout = '';
    let stderr = '';
    for (const line of body.split('\n')) {
      if (line.trim() === '') continue;
      if (line === 'set -e') {
        stopOnError = true;
        continue;
      }
      const result = this.runLine(shellWords(line), line);
      stdout += result.stdout;
      stderr += result.stderr;
      if (result.code !== 0 && stopOnError) return { code: result.code, stdout, stderr };
    }
    return { code: 0, stdout, stderr };
  }

  private runLine(words: string[], line: string): ExecResult {
    this.executed.push(line);
    const [fn = '', ...args] = words;
    const override = this.overrides.get(fn) ?? this.overrides.get(line);
    if (override) return { ...ok(), ...(override(args, this) ?? {}) };
    const builtin = this.builtins[fn];
    if (builtin) return builtin(args);
    return this.command(line);
  }

  private command(text: string): ExecResult {
    const handler = this.commands.get(text);
    if (!handler) return failed(127, `sh: ${text}: not found\n`);
    return { ...ok(), ...(handler([], this) ?? {}) };
  }

  private stat(attrs: { mode: string; owner: string; group: string }): string {
    return `${short(attrs.mode)} ${attrs.owner} ${attrs.group}`;
  }

  private readonly builtins: Record<string, (args: string[]) => ExecResult> = {
    dl_mark: ([nonce, index]) => ok(`\n@@DL:${nonce}:${index}\n`),
    dl_file: ([path = '']) => {
      const file = this.files.get(path);
      if (this.dirs.has(path)) return ok('notfile\n');
      if (!file) return ok('absent\n');
      return ok(`present ${createHash('sha256').update(file.content).digest('hex')} ${this.stat(file)}\n`);
    },
    dl_cat: ([path = '']) => ok(`${this.files.get(path)?.content.toString('base64') ?? ''}\n`),
    dl_dir: ([path = '']) => {
      const dir = this.dirs.get(path);
      if (dir) return ok(`present ${this.stat(dir)}\n`);
      return ok(this.files.has(path) ? 'notdir\n' : 'absent\n');
    },
    dl_exists: ([path = '']) => ok(this.files.has(path) || this.dirs.has(path) ? 'yes\n' : 'no\n'),
    dl_test: ([command = '']) => ok(this.command(command).code === 0 ? 'yes\n' : 'no\n'),
    dl_line: ([path = '']) => ok(`${this.files.get(path)?.content.toString().split('\n')[0] ?? 'absent'}\n`),
    dl_pkg: (names) => {
      if (this.packageManager === 'none') return ok('none\n');
      return ok(`${this.packageManager}\n${names.map((name) => `${name} ${this.installed.get(name) ?? '-'}\n`).join('')}`);
    },
    dl_sysctl: (keys) =>
      ok(
        keys
          .map((key) => {
            const entry = this.sysctls.get(key);
            return entry ? `${key} ${entry.writable ? 'rw' : 'ro'} ${entry.value}\n` : `${key} missing\n`;
          })
          .join(''),
      ),
    dl_user: ([name = '']) => {
      const user = this.users.get(name);
      return ok(user ? `${name}:x:999:999::${user.home}:${user.shell}\n${[name, ...user.groups].join(' ')}\n` : 'absent\n');
    },
    dl_group: ([name = '']) => ok(this.groups.has(name) ? `${name}:x:999:\n` : 'absent\n'),
    dl_unit: ([name = '']) => {
      const unit = this.units.get(name);
      if (!unit) return ok(this.files.has(`/etc/systemd/system/${name}`) ? 'disabled inactive\n' : 'missing inactive\n');
      return ok(`${unit.enabled ? 'enabled' : 'disabled'} ${unit.active ? 'active' : 'inactive'}\n`);
    },
    dl_install_file: ([staged = '', path = '', mode = '', owner = '', group = '']) => {
      const source = this.files.get(staged);
      if (!source) return failed(1, `cp: cannot stat '${staged}'\n`);
      const previous = this.files.get(path);
      if (previous) this.files.set(`${path}.datalyptica-prev`, { ...previous });
      this.files.set(path, { content: source.content, mode: short(mode), owner, group });
      this.files.delete(staged);
      return ok();
    },
    dl_set_attrs: ([path = '', mode = '', owner = '', group = '']) => {
      const target = this.files.get(path) ?? this.dirs.get(path);
      if (!target) return failed(1, `chown: cannot access '${path}'\n`);
      Object.assign(target, { mode: short(mode), owner, group });
      return ok();
    },
    dl_mkdir: ([path = '', mode = '', owner = '', group = '']) => {
      if (this.files.has(path)) return failed(1, `mkdir: cannot create directory '${path}': File exists\n`);
      this.dirs.set(path, { mode: short(mode), owner, group });
      return ok();
    },
    dl_pkg_install: ([manager, ...specs]) => {
      if (manager !== this.packageManager) return failed(1, 'neither apt nor dnf found on this host\n');
      // apt pins are `name=version*`, dnf pins `name-version*`.
      const parsed = specs.map((spec) => {
        const pinned = manager === 'apt' ? /^(.+)=(.+)\*$/.exec(spec) : /^(.+)-([^-]+)\*$/.exec(spec);
        return { spec, name: pinned ? pinned[1]! : spec, pin: pinned?.[2] };
      });
      for (const { spec, name, pin } of parsed) {
        const version = this.available.get(name);
        if (!version || (pin && !version.startsWith(pin))) return failed(100, `E: Unable to locate package ${spec}\n`);
      }
      for (const { name } of parsed) this.installed.set(name, this.available.get(name)!);
      return ok();
    },
    dl_sysctl_load: ([path = '']) => {
      let stdout = '';
      for (const row of this.fileText(path)?.split('\n') ?? []) {
        const match = /^([\w.]+)\s*=\s*(.*)$/.exec(row);
        if (!match) continue;
        const entry = this.sysctls.get(match[1]!);
        if (entry?.writable) entry.value = match[2]!;
        else stdout += `sysctl: permission denied on key "${match[1]}"\n`;
      }
      return ok(stdout);
    },
    dl_sh: ([command = '']) => this.command(command),
    dl_verify_sha: ([staged = '', sha = '']) => {
      const file = this.files.get(staged);
      return file && createHash('sha256').update(file.content).digest('hex') === sha ? ok() : failed(1, `checksum mismatch after upload: ${staged}\n`);
    },
    dl_extract: ([staged = '', dest = '', , sha = '', owner = '', group = '']) => {
      const check = this.builtins.dl_verify_sha!([staged, sha]);
      if (check.code !== 0) return check;
      this.dirs.set(dest, { mode: '755', owner, group });
      this.files.set(`${dest}/.datalyptica-artifact`, { content: Buffer.from(`${sha}\n`), mode: '644', owner, group });
      this.files.delete(staged);
      return ok();
    },
    useradd: (args) => {
      const name = args[args.length - 1]!;
      if (this.users.has(name)) return failed(9, `useradd: user '${name}' already exists\n`);
      const option = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
      this.users.set(name, { home: option('--home-dir') ?? `/home/${name}`, shell: option('--shell') ?? '/bin/sh', groups: option('--groups')?.split(',') ?? [] });
      this.groups.add(name);
      return ok();
    },
    usermod: (args) => {
      const user = this.users.get(args[args.length - 1]!);
      if (!user) return failed(6, 'usermod: user does not exist\n');
      const option = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
      user.home = option('--home') ?? user.home;
      user.shell = option('--shell') ?? user.shell;
      user.groups.push(...(option('--groups')?.split(',') ?? []));
      return ok();
    },
    groupadd: (args) => {
      this.groups.add(args[args.length - 1]!);
      return ok();
    },
    systemctl: ([verb = '', unit = '']) => {
      if (verb === 'daemon-reload') return ok();
      const known = this.units.get(unit) ?? (this.files.has(`/etc/systemd/system/${unit}`) ? { enabled: false, active: false } : undefined);
      if (!known) return failed(5, `Failed to ${verb} ${unit}: Unit ${unit} not found.\n`);
      if (verb === 'enable') known.enabled = true;
      else if (verb === 'disable') known.enabled = false;
      else if (verb === 'start' || verb === 'restart') known.active = true;
      else if (verb === 'stop') known.active = false;
      this.units.set(unit, known);
      return ok();
    },
  };
}
