import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatalypticaError } from '../core/errors.js';

/** `.datalyptica/state.json`: which phases completed on which hosts, against which inventory. */
export interface RunState {
  version: 1;
  phases: Record<string, Record<string, { completedAt: string; inventoryHash: string }>>;
  lastRun?: { startedAt: string; finishedAt: string; ok: boolean; failedPhase?: number; inventoryHash: string };
}

/** sha256 of the inventory with keys sorted, so reformatting the YAML does not change it. */
export function inventoryHash(inventory: unknown): string {
  const normalize = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(normalize);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value).sort().map((key) => [key, normalize((value as Record<string, unknown>)[key])]));
    }
    return value;
  };
  return createHash('sha256').update(JSON.stringify(normalize(inventory))).digest('hex');
}

export function readState(stateDir: string): RunState {
  const path = join(stateDir, 'state.json');
  if (!existsSync(path)) return { version: 1, phases: {} };
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RunState;
  } catch (error) {
    throw new DatalypticaError('E_STATE', `cannot read ${path}`, { hint: 'remove it; the next run re-checks every phase', cause: error });
  }
}

export function writeState(stateDir: string, state: RunState): void {
  mkdirSync(stateDir, { recursive: true });
  const path = join(stateDir, 'state.json');
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function phaseCompletedOn(state: RunState, phase: number, host: string, hash: string): boolean {
  return state.phases[String(phase)]?.[host]?.inventoryHash === hash;
}

export function markPhaseCompleted(state: RunState, phase: number, hosts: string[], hash: string, at: Date): void {
  const record = (state.phases[String(phase)] ??= {});
  for (const host of hosts) record[host] = { completedAt: at.toISOString(), inventoryHash: hash };
}

/** A phase being (re)applied is not complete until it succeeds again: a crash or failure must not leave it marked done. */
export function markPhaseStarted(state: RunState, phase: number, hosts: string[]): void {
  const record = state.phases[String(phase)];
  if (!record) return;
  for (const host of hosts) delete record[host];
}
