import { randomBytes } from 'node:crypto';
import { DatalypticaError } from '../core/errors.js';

/**
 * What a bounded command needs so that it can be stopped on the host when its bound expires.
 *
 * Closing the SSH channel does not stop a remote command (sshd only closes its pipes), and an SSH
 * `signal` request reaches at most the session's first process: the `sleep` or apt method below it
 * lives on. So the command first reports its process group on stderr, and on expiry a second exec
 * on the same connection signals the whole group. OpenSSH starts every session in a new session
 * and process group (setsid), and sudo keeps the command in one, so the group holds exactly what
 * the command started.
 */
export interface WatchedCommand {
  /** The command, prefixed by the line that reports its process group. */
  readonly command: string;
  /** The process group once the report arrived in `stderr` so far. */
  pgidIn(stderr: string): number | undefined;
  /** `text` without the report. */
  strip(text: string): string;
}

export function watched(command: string): WatchedCommand {
  // A random tag, so no output of the command itself can pass for the report.
  const tag = `@@DL-PGID-${randomBytes(6).toString('hex')}:`;
  const report = new RegExp(`${tag}(\\d+)\\n`);
  return {
    // Field 5 of /proc/$$/stat is the shell's process group (the comm field, "(sh)", has no space).
    command: `read -r dl_f dl_f dl_f dl_f dl_pgid dl_f </proc/$$/stat; printf '${tag}%s\\n' "$dl_pgid" >&2\n${command}`,
    pgidIn: (stderr) => {
      const match = report.exec(stderr);
      const pgid = match ? Number(match[1]) : undefined;
      // 0 and 1 would mean "our own group" and init: never signal those.
      return pgid !== undefined && pgid > 1 ? pgid : undefined;
    },
    strip: (text) => text.replace(report, ''),
  };
}

/** TERM to the group, up to 5 s for it to exit, then KILL: apt and dpkg get the chance to exit cleanly. */
export function killGroupScript(pgid: number): string {
  const g = `-${pgid}`;
  return `kill -TERM ${g} 2>/dev/null || exit 0; i=0; while kill -0 ${g} 2>/dev/null; do if [ $i -ge 20 ]; then kill -KILL ${g} 2>/dev/null; exit 0; fi; sleep 0.25; i=$((i+1)); done`;
}

/** The last few lines a command printed (stdout and stderr in arrival order), for the error. */
export class OutputTail {
  private text = '';

  push(chunk: string): void {
    // 4 KiB always holds the last three lines a user needs to see, and bounds the memory.
    this.text = (this.text + chunk).slice(-4096);
  }

  lines(count: number, clean: (text: string) => string = (text) => text): string[] {
    return clean(this.text)
      .split(/\r?\n|\r/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .slice(-count)
      .map((line) => (line.length > 160 ? `${line.slice(0, 157)}...` : line));
  }
}

export type Expiry = { kind: 'total' | 'idle'; ms: number };

function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** A command's short name for messages: its first line, shortened (the stdin, which may hold secrets, never appears). */
export function shortCommand(command: string): string {
  const first = command.trim().split('\n')[0] ?? '';
  return first.length > 80 ? `${first.slice(0, 77)}...` : first;
}

/** The one-line failure of a command that outlived its bound. */
export function remoteTimeout(host: string, what: string, expiry: Expiry, stopped: string, lastLines: string[]): DatalypticaError {
  const why = expiry.kind === 'total' ? `did not finish within ${duration(expiry.ms)}` : `printed nothing for ${duration(expiry.ms)}`;
  const output = lastLines.length > 0 ? `last output: ${lastLines.join(' | ')}` : 'no output';
  return new DatalypticaError('E_REMOTE_TIMEOUT', `${host}: ${what} ${why} (${stopped}); ${output}`, {
    hint: `find why it hangs on ${host} (the run log has the full output), then run install --resume to continue`,
  });
}
