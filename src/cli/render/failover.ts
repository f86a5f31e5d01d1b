import type { FailoverReport, ScenarioResult } from '../../failover/types.js';

/** The failover report as a terminal table and as Markdown for a change record. */

const COLUMNS = ['service', 'fault', 'host', 'spec target', 'target', 'measured', 'leader change', 'acked writes lost', 'split brain', 'verdict'] as const;

const secs = (ms: number | undefined): string => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(2)} s`);

export function scenarioCells(s: ScenarioResult): string[] {
  const writes = s.clients.some((c) => c.verify !== undefined || c.readBackError !== undefined);
  return [
    s.service,
    s.fault,
    s.host,
    `< ${s.specTargetMs / 1000} s`,
    `< ${s.targetMs / 1000} s`,
    s.verdict === 'error' && s.measuredMs === undefined ? '-' : secs(s.measuredMs),
    // None seen: the role stayed where it was (the killed service restarted in place).
    s.leaderChange ? `${secs(s.leaderChange.ms)} (${s.leaderChange.to})` : s.measuredMs !== undefined ? 'none seen' : '-',
    writes ? String(s.lostWrites) : 'n/a',
    s.splitBrain.length > 0 ? `YES (${s.splitBrain.map((o) => `${o.claim}: ${o.hosts.join('+')}`).join(', ')})` : 'no',
    s.verdict.toUpperCase(),
  ];
}

function clientLines(s: ScenarioResult): string[] {
  return s.clients.map((c) => {
    const recovered = c.recoveredMs === undefined ? 'not served again' : `served again after ${secs(c.recoveredMs)}`;
    const verify = c.verify ? `, ${c.verify.lost.length} lost, ${c.verify.phantom.length} phantom` : '';
    return `${c.name}: ${c.ops.acknowledged} acknowledged, ${c.ops.failed} failed, ${c.ops.unknown} unknown; ${recovered}${verify}`;
  });
}

/** Plain text: an aligned table, then per scenario what was done, the clients and any reasons. */
export function failoverText(report: FailoverReport, paint: { red(text: string): string; green(text: string): string; bold(text: string): string } = { red: (t) => t, green: (t) => t, bold: (t) => t }): string {
  const rows = [COLUMNS.slice(), ...report.scenarios.map(scenarioCells)];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[], header: boolean) =>
    row
      .map((cell, i) => {
        const padded = cell.padEnd(widths[i]!);
        if (header) return paint.bold(padded);
        if (i === row.length - 1) return cell === 'PASS' ? paint.green(padded) : paint.red(padded);
        return padded;
      })
      .join('  ')
      .trimEnd();
  const out = [line(rows[0]!, true), ...rows.slice(1).map((row) => line(row, false)), ''];
  for (const s of report.scenarios) {
    out.push(`${s.service}/${s.fault}: ${s.action}`);
    for (const client of clientLines(s)) out.push(`  ${client}`);
    for (const reason of s.reasons) out.push(`  ${paint.red('!')} ${reason}`);
    if (s.manualRestore) out.push(`  ${paint.red('RESTORE BY HAND:')} ${s.manualRestore}`);
  }
  out.push('');
  if (report.aborted) out.push(paint.red('interrupted: the scenarios after the last one shown did not run'));
  out.push(report.ok ? paint.green(`every scenario passed; cluster ${report.cluster} healthy afterwards`) : paint.red(`not every scenario passed${report.healthyAfter ? '' : `; cluster ${report.cluster} is NOT healthy: restore it by hand as shown above`}`));
  return out.join('\n');
}

const mdCell = (text: string): string => text.replace(/\|/g, '\\|');

/** Markdown for a change record: the table, then the details of every scenario. */
export function failoverMarkdown(report: FailoverReport): string {
  const out = [
    `# Failover test of cluster ${report.cluster}`,
    '',
    `Run ${report.startedAt} to ${report.finishedAt}. Result: **${report.ok ? 'pass' : 'fail'}**${report.aborted ? ' (interrupted)' : ''}; cluster ${report.healthyAfter ? 'healthy' : '**not healthy**'} afterwards.`,
    '',
    `| ${COLUMNS.join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...report.scenarios.map((s) => `| ${scenarioCells(s).map(mdCell).join(' | ')} |`),
    '',
    'Measured: from the fault to the first acknowledged client operation started after it (the slowest client). Leader change: when the service itself showed the new primary, Raft leader or VIP holder.',
  ];
  for (const s of report.scenarios) {
    out.push('', `## ${s.service} / ${s.fault}`, '', `- fault: ${s.action}`, ...clientLines(s).map((line) => `- ${line}`));
    for (const reason of s.reasons) out.push(`- **${reason}**`);
    if (s.manualRestore) out.push(`- **restore by hand:** ${s.manualRestore}`);
  }
  return `${out.join('\n')}\n`;
}
