import { usageError } from '../core/errors.js';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "7d", "36h", "90m", "2w" -> milliseconds (the Prometheus duration forms the CLI accepts). */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+)([smhdw])$/.exec(text.trim());
  const amount = match ? Number(match[1]) : NaN;
  if (!match || !(amount > 0)) throw usageError('E_FLAGS', `${flag} ${text}: expected a duration like 7d, 24h or 30m`);
  return amount * (UNITS[match[2] ?? 's'] ?? 1_000);
}

/** Milliseconds -> the shortest exact form ("7d", "36h"): for messages and PromQL ranges. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = UNITS[unit] ?? 1;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.max(1, Math.round(ms / 1000))}s`;
}
