import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Redactor } from './redactor.js';

/** Where a host's commands are recorded; a no-op sink for tests that do not care. */
export interface RunLog {
  write(host: string, text: string): void;
  readonly dir: string | undefined;
}

/** `.datalyptica/runs/<time>/<host>.log`: every command, its stdin script, exit code and output, redacted. */
export class FileRunLog implements RunLog {
  readonly dir: string;

  constructor(stateDir: string, startedAt: Date, private readonly redactor: Redactor) {
    this.dir = join(stateDir, 'runs', startedAt.toISOString().replace(/:/g, '-'));
    mkdirSync(this.dir, { recursive: true });
  }

  write(host: string, text: string): void {
    appendFileSync(join(this.dir, `${host}.log`), this.redactor.redact(text.endsWith('\n') ? text : `${text}\n`), { mode: 0o600 });
  }
}

export const nullRunLog: RunLog = { dir: undefined, write: () => undefined };
