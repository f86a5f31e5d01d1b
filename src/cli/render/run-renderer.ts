import type { CoreEvent } from '../../core/events.js';
import type { RunSummary } from '../../engine/engine.js';
import type { CliIo } from '../io.js';
import { ListrRunRenderer } from './run-listr.js';
import { plainLine } from './run-plain.js';
import { runSummaryText } from './run-summary.js';

/** Shows a run's events as they come and its summary at the end. */
export interface RunRenderer {
  onEvent(event: CoreEvent): void;
  finish(summary: RunSummary | undefined): Promise<void>;
}

/** listr2 tree on a TTY, plain lines otherwise, JSON lines (events then the summary) with --json. */
export function createRunRenderer(io: CliIo, dryRun: boolean): RunRenderer {
  if (io.json) {
    return {
      onEvent: (event) => io.out(JSON.stringify(event)),
      finish: async (summary) => {
        if (summary) io.out(JSON.stringify({ type: 'summary', ...summary }));
      },
    };
  }
  if (io.isTty) {
    const listr = new ListrRunRenderer(io, dryRun);
    return {
      onEvent: listr.onEvent,
      finish: async (summary) => {
        await listr.flush();
        if (summary) io.out(runSummaryText(io, summary));
      },
    };
  }
  return {
    onEvent: (event) => {
      const line = plainLine(io, event, dryRun);
      if (line !== undefined) io.out(line);
    },
    finish: async (summary) => {
      if (summary) io.out(runSummaryText(io, summary));
    },
  };
}
