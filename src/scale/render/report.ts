import { formatDuration } from '../duration.js';
import { WORKLOAD_LABELS } from '../thresholds.js';
import type { CostLine, HostLoad, Recommendation, ScalePlan } from '../types.js';
import { loadChart } from './chart.js';
import type { Style } from './style.js';

/**
 * The plan as text: the capacity table, an optional chart, the workload against the tier,
 * the triggers with their evidence, then the recommendation (or how long the cluster fits).
 * Pure strings: the CLI decides colours and whether there is a terminal for the chart.
 */
export interface ReportOptions {
  style: Style;
  chart: boolean;
  /** Where --write put the next inventory, if it did. */
  written?: string;
}

const money = (value: number) => `$${Math.abs(value).toLocaleString('en-US')}`;
const signed = (value: number) => `${value < 0 ? '-' : '+'}${money(value)}`;
const fmt = (value: number | undefined, suffix = '') => (value === undefined ? '-' : `${value}${suffix}`);

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}`.trimEnd());
}

function capacityTable(loads: readonly HostLoad[], style: Style): string[] {
  const header = ['HOST', 'ROLE', 'CPU med/p95 %', 'MEM %', 'PSI %', 'SWAP MiB', 'OOM', 'DISK %', 'BUDGET mem/cpu %'];
  const rows = loads.map((load) => [
    load.host,
    load.role,
    load.cpu ? `${load.cpu.median} / ${load.cpu.p95}` : '-',
    fmt(load.memory?.median),
    fmt(load.psi?.median),
    fmt(load.swapUsedMiB),
    fmt(load.oomKills),
    load.disk ? `${load.disk.percent} ${load.disk.mount}` : '-',
    `${load.budget.memoryPercent} / ${load.budget.cpuPercent}`,
  ]);
  const [head, ...body] = table([header, ...rows]);
  return [style.dim(head ?? ''), ...body];
}

function costLines(title: string, lines: readonly CostLine[], delta: number, suffix: string): string[] {
  return [
    `  ${title}: ${signed(delta)}${suffix}`,
    ...table(lines.filter((line) => line.current !== line.next).map((line) => [line.item, `${money(line.current)} -> ${money(line.next)}`, signed(line.next - line.current)])).map((line) => `  ${line}`),
  ];
}

function recommendationLines(plan: ScalePlan, next: Recommendation, style: Style, full: boolean): string[] {
  const lines = [...next.summary.map((text) => `  - ${text}`), '', style.bold('  Layout') + style.dim(' (* new VM)')];
  lines.push(...table(next.layout.map((host) => [`${host.host}${host.isNew ? '*' : ''}`, host.purpose, host.services.filter((id) => id !== 'node-exporter').join(', ')])).map((line) => `  ${line}`));
  if (!full) return lines;
  const moves = next.moves.filter((move) => move.from.length > 0);
  if (moves.length > 0) {
    lines.push('', style.bold('  Services that move'));
    lines.push(...table(moves.map((move) => [move.service, `${move.from.join(', ')} -> ${move.to.join(', ') || '(retired)'}`, `downtime: ${move.downtime}`])).map((line) => `  ${line}`));
  }
  lines.push('', style.bold('  Migration order'));
  next.migration.forEach((step, index) => {
    lines.push(`  ${index + 1}. ${step.title}`);
    for (const action of step.actions) lines.push(`       ${action}`);
  });
  const { cost } = next;
  lines.push('', style.bold(`  Cost, from the spec's figures (${plan.currentTier.hosts} -> ${next.tier} VMs)`));
  lines.push(...costLines('CapEx', cost.capex, cost.capexDelta, ''), ...costLines('OpEx', cost.opexPerYear, cost.opexDeltaPerYear, ' a year'));
  lines.push(style.dim('  Assumptions:'), ...cost.assumptions.map((text) => style.dim(`    - ${text}`)));
  return lines;
}

export function renderReport(plan: ScalePlan, options: ReportOptions): string {
  const { style } = options;
  const { currentTier } = plan;
  const samples = plan.hosts.reduce((sum, load) => sum + load.samples, 0);
  const span = Math.max(...plan.hosts.map((load) => load.spanMs), 0);
  const lines = [
    style.bold(`Cluster ${plan.cluster}: ${currentTier.hosts} VMs, the ${currentTier.vms}-VM tier of the spec's scaling path`),
    `Load: ${plan.source.description} (${samples} sample${samples === 1 ? '' : 's'}${span > 0 ? ` over ${formatDuration(Math.round(span / 60_000) * 60_000 || span)}` : ''})`,
    ...plan.source.notes.map((note) => style.dim(`  note: ${note}`)),
    '',
    ...capacityTable(plan.hosts, style),
  ];
  if (options.chart) lines.push('', ...loadChart(plan.hosts, plan.thresholds, style));
  if (currentTier.limits) {
    const limits = currentTier.limits;
    const basis = currentTier.limitsAssumed ? `assumed from the worker VMs against the spec's 5-VM limits` : "the spec's limits";
    lines.push('', style.bold(`Workload against the ${currentTier.vms}-VM tier`) + style.dim(` (${basis}: ~${limits.users} users, ~${limits.activeDataTB} TB active, ~${limits.ingestGBPerDay} GB/day, ~${limits.concurrentQueries} queries)`));
    if (plan.workloadHeadroom.length === 0) lines.push(style.dim('  no workload figures given (--users, --active-data-tb, --ingest-gb-day, --concurrent-queries)'));
    for (const entry of plan.workloadHeadroom) {
      const label = WORKLOAD_LABELS[entry.key];
      const state = entry.headroom < 0 ? style.red(`over by ${-entry.headroom}`) : style.green(`${entry.headroom} ${label.unit} of headroom`);
      lines.push(`  ${label.title}: ${entry.value} ${label.unit} of about ${entry.range[0]}-${entry.range[1]}: ${state}`);
    }
  }
  lines.push('', style.bold('Triggers'));
  if (plan.triggers.length === 0) lines.push(style.green('  none fired'));
  for (const trigger of plan.triggers) {
    lines.push(`  ${style.red('✗')} ${trigger.title}`, ...trigger.evidence.map((line) => `      ${line}`));
  }
  lines.push('');
  if (plan.grow && plan.next) {
    lines.push(style.bold(`Recommendation: grow to the ${plan.next.tier}-VM tier`), ...recommendationLines(plan, plan.next, style, true));
  } else if (plan.grow) {
    lines.push(style.bold(`Recommendation: the cluster is at the end of the spec's path (50 VMs): add workers to the tiers that fired`));
  } else {
    const fits = plan.fits;
    const how = fits?.days !== undefined ? `about ${fits.days} days at the observed growth (first: ${fits.first})` : `as long as the load stays as measured (${fits?.reason ?? 'no trend known'})`;
    lines.push(style.bold(style.green(`The cluster fits the ${currentTier.vms}-VM tier.`)) + ` It fits for ${how}.`);
    if (plan.next) lines.push('', style.dim(`When it has to grow, the next tier is ${plan.next.tier} VMs:`), ...recommendationLines(plan, plan.next, style, false).map((line) => style.dim(line)));
  }
  if (options.written && plan.next) lines.push('', `Wrote the ${plan.next.tier}-VM inventory to ${options.written}${plan.grow ? '' : ' (for later: nothing fired)'}; check it with \`datalyptica validate -i ${options.written}\``);
  return lines.join('\n');
}
