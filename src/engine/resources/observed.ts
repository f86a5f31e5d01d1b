/** Parsers for the output of the prelude's probe functions (shell.ts). */
export interface FileState {
  kind: 'absent' | 'present' | 'other';
  sha256?: string;
  mode?: string;
  owner?: string;
  group?: string;
}

/** `dl_file` prints `absent`, `notfile`, or `present <sha256> <mode> <owner> <group>`. */
export function parseFileState(line: string | undefined): FileState {
  const [state, sha256, mode, owner, group] = (line ?? '').trim().split(' ');
  if (state === 'present') return { kind: 'present', sha256, mode, owner, group };
  if (state === 'absent') return { kind: 'absent' };
  return { kind: 'other' };
}

/** `dl_dir` prints `absent`, `notdir`, or `present <mode> <owner> <group>`. */
export function parseDirState(line: string | undefined): FileState {
  const [state, mode, owner, group] = (line ?? '').trim().split(' ');
  if (state === 'present') return { kind: 'present', mode, owner, group };
  if (state === 'absent') return { kind: 'absent' };
  return { kind: 'other' };
}

/** `0640` and `640` are the same mode; stat prints the short form. */
export function normalizeMode(mode: string): string {
  return parseInt(mode, 8).toString(8);
}

export function lines(observed: string): string[] {
  return observed.split('\n').filter((line) => line.length > 0);
}

/** What differs in mode/owner/group, as `mode 644 -> 600` fragments. */
export function attributeChanges(state: FileState, want: { mode: string; owner: string; group: string }): string[] {
  const changes: string[] = [];
  if (state.mode !== normalizeMode(want.mode)) changes.push(`mode ${state.mode} -> ${normalizeMode(want.mode)}`);
  if (state.owner !== want.owner) changes.push(`owner ${state.owner} -> ${want.owner}`);
  if (state.group !== want.group) changes.push(`group ${state.group} -> ${want.group}`);
  return changes;
}
