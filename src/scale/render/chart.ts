import type { HostLoad, Thresholds } from '../types.js';
import type { Style } from './style.js';

const BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `width` cells for 0-100 %, eighth-cell resolution, with the threshold marked │. */
export function bar(percent: number, threshold: number | undefined, width: number): string {
  const eighths = Math.round((Math.min(100, Math.max(0, percent)) / 100) * width * 8);
  const full = Math.floor(eighths / 8);
  const cells = [...'█'.repeat(full) + (BLOCKS[eighths % 8] ?? '')];
  while (cells.length < width) cells.push(' ');
  if (threshold !== undefined) {
    const mark = Math.min(width - 1, Math.floor((threshold / 100) * width));
    if (cells[mark] === ' ') cells[mark] = '│';
  }
  return cells.join('');
}

/** Per host: CPU (median), memory (median) and disk (fullest mount) against their thresholds. */
export function loadChart(loads: readonly HostLoad[], thresholds: Thresholds, style: Style, width = 30): string[] {
  const lines: string[] = [];
  const row = (label: string, value: number | undefined, threshold: number | undefined, over: boolean): string => {
    if (value === undefined) return `  ${label.padEnd(5)}${style.dim('no data')}`;
    const painted = over ? style.red : threshold !== undefined && value >= threshold * 0.85 ? style.yellow : style.green;
    return `  ${label.padEnd(5)}${painted(bar(value, threshold, width))} ${String(value).padStart(5)} %${threshold === undefined ? '' : style.dim(`  (threshold ${threshold} %)`)}`;
  };
  for (const load of loads) {
    const cpuThreshold = load.role === 'data' ? thresholds.cpuPercent : undefined;
    lines.push(style.bold(`${load.host} (${load.role})`));
    lines.push(row('cpu', load.cpu?.median, cpuThreshold, cpuThreshold !== undefined && (load.cpu?.shareAbove ?? 0) >= thresholds.sustainedShare));
    lines.push(row('mem', load.memory?.median, undefined, false));
    lines.push(row('disk', load.disk?.percent, thresholds.diskPercent, (load.disk?.percent ?? 0) > thresholds.diskPercent));
  }
  return lines;
}
