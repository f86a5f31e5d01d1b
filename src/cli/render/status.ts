import { formatBytes, type ClusterStatus, type HostStatus, type ServiceHealth, type ServiceStatus, type Verdict } from '../../status/index.js';
import type { CliIo } from '../io.js';

type Color = CliIo['color'];

function paintHealth(color: Color, health: ServiceHealth | Verdict, text: string = health): string {
  switch (health) {
    case 'ok':
    case 'healthy':
      return color.green(text);
    case 'degraded':
      return color.yellow(text);
    case 'down':
    case 'unreachable':
      return color.red(text);
    case 'unknown':
      return color.magenta(text);
    default:
      return color.dim(text);
  }
}

/** Pads to a visible width: cells may already carry colour codes. */
function padVisible(text: string, width: number): string {
  // eslint-disable-next-line no-control-regex -- ANSI colour sequences
  const visible = text.replace(/\u001b\[[0-9;]*m/g, '').length;
  return text + ' '.repeat(Math.max(0, width - visible));
}

function serviceRow(color: Color, host: string, service: ServiceStatus): string[] {
  const name = service.instance > 0 ? `${service.service}#${service.instance + 1}` : service.service;
  const ports = service.ports.map((port) => (port.listening ? String(port.port) : color.red(`${port.port}!`))).join(' ') || '-';
  const lag = service.lagBytes === undefined ? [] : [`lag ${formatBytes(service.lagBytes)}`];
  const detail = [...(service.role ? [service.role] : []), ...lag, ...service.facts].join(' · ');
  const problems = service.problems.map((problem) => paintHealth(color, service.health === 'degraded' || service.health === 'unknown' ? service.health : 'down', problem)).join(' · ');
  return [host, name, service.systemd === 'active' ? service.systemd : paintHealth(color, service.health, service.systemd), ports, paintHealth(color, service.health), [detail, problems].filter(Boolean).join(' · ')];
}

function installedRows(color: Color, host: string, services: readonly ServiceStatus[]): string[][] {
  const rows = services.filter((service) => service.health !== 'not-installed').map((service) => serviceRow(color, host, service));
  return rows.length > 0 ? rows : [[host, color.dim('no service installed')]];
}

/** A silent host: why, then (--watch) its last answer, dimmed, under the time it was given. */
function hostRows(color: Color, host: HostStatus): string[][] {
  if (host.reach === 'answered') return installedRows(color, host.name, host.services);
  const why = paintHealth(color, host.reach, `${host.reach}: ${host.error ?? 'no answer'}`);
  if (!host.lastAnswer) return [[host.name, why]];
  const last = installedRows(color, host.name, host.lastAnswer.services).map((row) => row.map((cell) => color.dim(cell)));
  return [[host.name, why], [host.name, color.dim(`last answer, at ${clockTime(host.lastAnswer.checkedAt)}:`)], ...last];
}

function clockTime(iso: string): string {
  return new Date(iso).toTimeString().slice(0, 8);
}

/** Placed services whose unit does not exist yet (later phases): one line, or one per host with -v. */
function notInstalledLines(io: CliIo, hosts: readonly HostStatus[]): string[] {
  const missing = hosts.map((host) => ({ host: host.name, services: [...new Set(host.services.filter((s) => s.health === 'not-installed').map((s) => s.service))] }));
  const total = missing.reduce((sum, entry) => sum + entry.services.length, 0);
  if (total === 0) return [];
  if (!io.verbose) return [io.color.dim(`${total} placed services not installed yet (-v lists them)`)];
  return missing.filter((entry) => entry.services.length > 0).map((entry) => io.color.dim(`${entry.host}: not installed: ${entry.services.join(', ')}`));
}

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      // eslint-disable-next-line no-control-regex -- ANSI colour sequences
      if (column < row.length - 1) widths[column] = Math.max(widths[column] ?? 0, cell.replace(/\u001b\[[0-9;]*m/g, '').length);
    });
  }
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : padVisible(cell, widths[column] ?? 0))).join('  ').trimEnd());
}

/** The status as a table per service, then one line per HA group and VIP, then the verdict. */
export function statusText(io: CliIo, status: ClusterStatus): string {
  const { color } = io;
  const rows: string[][] = [['HOST', 'SERVICE', 'SYSTEMD', 'PORTS', 'HEALTH', 'DETAIL'].map((title) => color.dim(title))];
  for (const host of status.hosts) rows.push(...hostRows(color, host));
  const summaries = [...status.groups.map((group) => ({ health: group.health, name: group.name, text: group.summary })), ...status.vips.map((vip) => ({ health: vip.health, name: `vip ${vip.name}`, text: vip.summary }))];
  const nameWidth = Math.max(0, ...summaries.map((line) => line.name.length));
  const lines = summaries.map((line) => {
    const rest = line.text.slice(line.name.length).trimStart();
    return `${color.bold(line.name.padEnd(nameWidth))}  ${paintHealth(color, line.health, rest)}`;
  });
  const seconds = (status.durationMs / 1000).toFixed(2);
  // Whatever the verdict, it does not cover what did not answer: say so on the same line.
  const unknown = status.unknown.length > 0 ? `; no answer in time: ${status.unknown.join(', ')}` : '';
  return [
    ...table(rows),
    ...notInstalledLines(io, status.hosts),
    '',
    ...(lines.length > 0 ? lines : [color.dim('no HA group installed yet')]),
    '',
    `${color.bold(`cluster ${status.cluster}:`)} ${paintHealth(color, status.verdict)} (${status.hosts.length} hosts in ${seconds} s${unknown})`,
  ].join('\n');
}
