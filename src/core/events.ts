/**
 * The core never prints: it reports typed events to an IoHost, and the CLI renders them
 * (listr2 on a TTY, plain lines otherwise, JSON lines with --json).
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export type TaskStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'warning';

export type CoreEvent =
  | { type: 'message'; level: Level; text: string }
  /** `dryRun`: a plan; `changed` task events then mean "would change". */
  | { type: 'phase-start'; phase: number; title: string; hosts: string[]; dryRun?: boolean }
  | {
      type: 'phase-end';
      phase: number;
      title: string;
      changed: number;
      unchanged: number;
      failed: number;
      warnings: number;
      durationMs: number;
      /** SSH round trips per host during the phase (a converged phase should cost 1 or 2). */
      roundTrips?: Record<string, number>;
      failedHosts?: string[];
    }
  | { type: 'step-start'; phase: number; step: string; host: string }
  | { type: 'task'; phase: number; step: string; host: string; task: string; status: TaskStatus; detail?: string; diff?: string }
  | { type: 'step-end'; phase: number; step: string; host: string; status: TaskStatus; detail?: string }
  | { type: 'gate'; phase: number; name: string; ok: boolean; evidence: string[] }
  /** A rolling step waiting for a changed member's health probe before it changes the next. */
  | { type: 'rollout'; phase: number; step: string; host: string; stage: 'waiting' | 'ready' | 'failed'; detail: string }
  | { type: 'progress'; scope: string; text: string };

export interface IoHost {
  notify(event: CoreEvent): void;
  /** Asks a yes/no question; refuses (throws) when there is no TTY and `--yes` was not given. */
  confirm(question: string, defaultAnswer: boolean): Promise<boolean>;
}

/** An IoHost that records events: for tests and for core functions that only return data. */
export class RecordingIoHost implements IoHost {
  readonly events: CoreEvent[] = [];
  constructor(private readonly answer = true) {}
  notify(event: CoreEvent): void {
    this.events.push(event);
  }
  async confirm(): Promise<boolean> {
    return this.answer;
  }
}
