import type { RunSummary } from '../../engine/engine.js';
import type { CliIo } from '../io.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `1` when every host took one, else `1-3`: a converged phase should read 1. */
function roundTripRange(roundTrips: Record<string, number>): string {
  const values = Object.values(roundTrips);
  if (values.length === 0) return '-';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? String(min) : `${min}-${max}`;
}

/** The per-phase table after a run, then what failed and where the logs are. */
export function runSummaryText(io: CliIo, summary: RunSummary): string {
  const rows = [['phase', 'status', 'changed', 'unchanged', 'failed', 'warnings', 'time', 'ssh round trips/host']];
  for (const phase of summary.phases) {
    const status = summary.dryRun ? (phase.failed > 0 ? 'unreadable' : 'planned') : phase.status;
    rows.push([`${phase.id} ${phase.title}`, status, String(phase.changed), String(phase.unchanged), String(phase.failed), String(phase.warnings), seconds(phase.durationMs), roundTripRange(phase.roundTrips)]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row, index) => {
    const text = row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
    if (index === 0) return io.color.bold(text);
    const phase = summary.phases[index - 1]!;
    return phase.status === 'failed' ? io.color.red(text) : text;
  });
  for (const phase of summary.phases) {
    for (const failure of phase.failedHosts) lines.push(io.color.red(`error: ${failure.error}${failure.hint ? ` (${failure.hint})` : ''}`));
    if (phase.gate && !phase.gate.ok) {
      lines.push(io.color.red(`error: phase ${phase.id} health gate "${phase.gate.name}" failed:`));
      for (const evidence of phase.gate.evidence) lines.push(`  ${evidence}`);
    }
  }
  if (summary.skipped.length > 0) lines.push(`skipped (already completed): phase ${summary.skipped.join(', ')}`);
  if (summary.phases.length === 0 && summary.skipped.length === 0) lines.push('no phases to run');
  if (summary.dryRun) {
    const changes = summary.phases.reduce((sum, phase) => sum + phase.changed, 0);
    const unread = new Set(summary.phases.flatMap((phase) => phase.failedHosts.map((entry) => entry.host)));
    if (unread.size > 0) lines.push(`plan incomplete: ${[...unread].join(', ')} could not be read; ${changes} change${changes === 1 ? '' : 's'} on the others`);
    else lines.push(changes === 0 ? 'plan: nothing to change' : `plan: ${changes} change${changes === 1 ? '' : 's'}; nothing was changed (run install to apply)`);
  } else if (!summary.ok) {
    lines.push('run stopped; fix the problem, then: datalyptica install --resume');
  }
  if (summary.logDir) lines.push(io.color.dim(`logs: ${summary.logDir}`));
  return lines.join('\n');
}
