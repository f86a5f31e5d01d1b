import { closest } from 'fastest-levenshtein';
import { usageError } from '../core/errors.js';
import type { Inventory } from '../inventory/model.js';
import type { Phase } from './phase.js';

export interface Selection {
  /** `3` or `1-3`: a range of phases; earlier phases must have completed. */
  phases?: string;
  /** Exactly this phase, whatever ran before. */
  only?: number;
  /** Restrict every phase to these hosts. */
  hosts?: string[];
  /** Skip the selected phases already completed on all their hosts with this inventory. */
  resume?: boolean;
}

export function parsePhaseRange(text: string, available: readonly Phase[]): { from: number; to: number } {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(text);
  if (!match) throw usageError('E_PHASE_RANGE', `--phase ${text}: expected a phase number or a range like 1-3`);
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from > to) throw usageError('E_PHASE_RANGE', `--phase ${text}: the range is backwards`, `write --phase ${to}-${from}`);
  for (const id of [from, to]) checkPhaseExists(id, available);
  return { from, to };
}

export function checkPhaseExists(id: number, available: readonly Phase[]): void {
  if (!available.some((phase) => phase.id === id)) {
    const known = available.map((phase) => phase.id).join(', ') || 'none yet';
    throw usageError('E_PHASE_UNKNOWN', `there is no phase ${id}`, `phases available: ${known}`);
  }
}

/** The phases to run, in order. */
export function selectPhases(available: readonly Phase[], selection: Selection): Phase[] {
  const sorted = [...available].sort((a, b) => a.id - b.id);
  if (selection.only !== undefined) {
    if (selection.phases !== undefined) throw usageError('E_FLAGS', '--only and --phase cannot be combined', 'use one of them');
    checkPhaseExists(selection.only, sorted);
    return sorted.filter((phase) => phase.id === selection.only);
  }
  if (selection.phases === undefined) return sorted;
  const { from, to } = parsePhaseRange(selection.phases, sorted);
  return sorted.filter((phase) => phase.id >= from && phase.id <= to);
}

/** The host names of `--hosts`, checked against the inventory with a did-you-mean. */
export function checkHosts(inventory: Inventory, hosts: string[] | undefined): Set<string> | undefined {
  if (hosts === undefined) return undefined;
  const names = inventory.hosts.map((host) => host.name);
  for (const host of hosts) {
    if (!names.includes(host)) {
      const suggestion = names.length > 0 ? closest(host, names) : undefined;
      throw usageError('E_HOST_UNKNOWN', `--hosts: no host named ${host} in the inventory`, suggestion ? `did you mean ${suggestion}?` : undefined);
    }
  }
  return new Set(hosts);
}
