import { Option } from 'commander';
import { loadValidInventory } from '../../inventory/validate.js';
import { runPreflight, type CheckId, type CheckStatus, type PreflightReport } from '../../preflight/index.js';
import { sshConnectionPool } from '../../ssh/pool.js';
import type { CommandModule } from '../command.js';
import type { CliIo } from '../io.js';
import { acceptNewHostKeysOption, DEFAULT_INVENTORY, inventoryOption } from './run-options.js';

/** `datalyptica check`: pre-flight over SSH; a host x check table, then every fail and warn with its fix; exit 1 on any fail. */
export const checkCommand: CommandModule = {
  name: 'check',
  summary: 'Pre-flight checks on every host over SSH',
  configure(command) {
    command
      .addOption(inventoryOption())
      .addOption(new Option('--hosts <list>', 'only these hosts, comma-separated (vm4,vm5)'))
      .addOption(acceptNewHostKeysOption());
  },
  async run(io, options) {
    const file = String(options.inventory ?? DEFAULT_INVENTORY);
    const { inventory } = await loadValidInventory(file);
    const hosts = typeof options.hosts === 'string' ? options.hosts.split(',').map((host) => host.trim()).filter(Boolean) : undefined;
    const pool = sshConnectionPool(inventory, { acceptNewHostKeys: options.acceptNewHostKeys === true });
    let report: PreflightReport;
    try {
      report = await runPreflight(inventory, pool, { io, ...(hosts ? { hosts } : {}) });
    } finally {
      await pool.closeAll();
    }
    if (io.json) io.outJson(report);
    else io.out(renderReport(io, report));
    return report.ok ? 0 : 1;
  },
};

function paint(io: CliIo, status: CheckStatus, text: string): string {
  return status === 'pass' ? io.color.green(text) : status === 'warn' ? io.color.yellow(text) : io.color.red(text);
}

/** Rows are checks, columns hosts; padding is computed on plain text, colour applied after. */
export function renderReport(io: CliIo, report: PreflightReport): string {
  const cell = new Map(report.results.map((r) => [`${r.check}\u0000${r.host}`, r]));
  const firstWidth = Math.max('check'.length, ...report.checks.map((c) => c.title.length));
  const widths = report.hosts.map((host) => Math.max(host.length, 4));
  const header = ['check'.padEnd(firstWidth), ...report.hosts.map((host, i) => host.padEnd(widths[i]!))].join('  ');
  const lines = [io.color.bold(header.trimEnd())];
  for (const check of report.checks) {
    const cells = report.hosts.map((host, i) => {
      const status = cell.get(`${check.id}\u0000${host}`)?.status ?? 'fail';
      return paint(io, status, status.padEnd(widths[i]!));
    });
    lines.push([check.title.padEnd(firstWidth), ...cells].join('  ').trimEnd());
  }
  const titles = new Map(report.checks.map((c) => [c.id, c.title]));
  const problems = problemGroups(report);
  if (problems.length > 0) lines.push('');
  for (const group of problems) {
    const checks = group.checks.length === report.checks.length ? 'every check' : group.checks.map((id) => titles.get(id)).join(', ');
    lines.push(`${paint(io, group.status, group.status)} ${group.hosts.join(', ')} ${checks}: ${group.detail}`);
    if (group.fix) lines.push(`     fix: ${group.fix}`);
  }
  if (io.verbose) {
    lines.push('');
    for (const pass of report.results.filter((r) => r.status === 'pass')) lines.push(`${paint(io, 'pass', 'pass')} ${pass.host} ${titles.get(pass.check)}: ${pass.detail}`);
  }
  const { pass, warn, fail } = report.counts;
  lines.push('', `${report.hosts.length} host${report.hosts.length === 1 ? '' : 's'}: ${paint(io, 'pass', `${pass} passed`)}, ${paint(io, 'warn', `${warn} warning${warn === 1 ? '' : 's'}`)}, ${paint(io, 'fail', `${fail} failed`)}; clock spread ${report.clock.spreadSeconds.toFixed(3)} s (${report.clock.provenSpreadSeconds.toFixed(3)} s beyond the measurement error)`);
  return lines.join('\n');
}

interface ProblemGroup {
  status: CheckStatus;
  detail: string;
  fix?: string;
  hosts: string[];
  checks: CheckId[];
}

/** Fails first, then warns; the same finding on several hosts (or every check of an unreachable host) is listed once. */
function problemGroups(report: PreflightReport): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  for (const result of report.results) {
    if (result.status === 'pass') continue;
    const key = [result.status, result.detail, result.fix ?? ''].join('\u0000');
    const group = groups.get(key) ?? { status: result.status, detail: result.detail, ...(result.fix ? { fix: result.fix } : {}), hosts: [], checks: [] };
    if (!group.hosts.includes(result.host)) group.hosts.push(result.host);
    if (!group.checks.includes(result.check)) group.checks.push(result.check);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
}
