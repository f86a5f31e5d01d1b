import type { CoreEvent } from '../../core/events.js';
import type { CliIo } from '../io.js';

/**
 * Progress as plain lines (not a TTY, or NO_COLOR pipelines): one line per task that changed,
 * failed or warned (every task with -v), one per host per step end, one per rollout event (a
 * rolling step waiting for a host's health probe), diffs indented below.
 */
export function plainLine(io: CliIo, event: CoreEvent, dryRun: boolean): string | undefined {
  const c = io.color;
  switch (event.type) {
    case 'phase-start':
      return c.bold(`phase ${event.phase} ${event.title}${event.dryRun ? ' (plan)' : ''}: ${event.hosts.join(', ') || 'no hosts'}`);
    case 'task': {
      if (event.status === 'ok' && !io.verbose) return undefined;
      const status = event.status === 'changed' && dryRun ? 'would change' : event.status;
      const colour = event.status === 'failed' ? c.red : event.status === 'warning' ? c.yellow : event.status === 'changed' ? c.green : c.dim;
      const line = `  ${event.host}  ${event.step} › ${event.task}: ${colour(status)}${event.detail ? ` (${event.detail})` : ''}`;
      return event.diff ? `${line}\n${indent(event.diff)}` : line;
    }
    case 'step-end':
      return io.verbose ? c.dim(`  ${event.host}  ${event.step}: ${event.status}`) : undefined;
    case 'rollout': {
      const stage = event.stage === 'failed' ? c.red('unhealthy') : event.stage === 'ready' ? c.green('ready') : c.dim('waiting');
      return `  ${event.host}  ${event.step} › rollout: ${stage} (${event.detail})`;
    }
    case 'gate':
      return `  gate ${event.name}: ${event.ok ? c.green('ok') : c.red('FAILED')}${!event.ok || io.verbose ? `\n${event.evidence.map((line) => `    ${line}`).join('\n')}` : ''}`;
    case 'message':
      if (event.level === 'debug' && !io.verbose) return undefined;
      return event.level === 'warn' ? c.yellow(`warning: ${event.text}`) : event.text;
    default:
      return undefined;
  }
}

export function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}
