import { hostBudget, type HostBudget } from '../../catalog/index.js';
import type { PlacedService } from '../../catalog/types.js';
import type { ResolvedInventory } from '../../inventory/normalise.js';
import type { CliIo } from '../io.js';

function memory(mib: number): string {
  return mib < 1024 ? `${mib} MiB` : `${Math.round((mib / 1024) * 10) / 10} GiB`;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  ');
}

function hostSection(io: CliIo, budget: HostBudget, inventory: ResolvedInventory): string[] {
  const host = inventory.hosts.find((candidate) => candidate.name === budget.host);
  const size = host ? `${host.resources.vcpu} vCPU, ${host.resources.memoryGiB} GiB RAM, ${host.resources.diskGiB} GiB disk` : '';
  const rows = budget.rows.map((row) => [
    row.instance > 0 ? `${row.service} #${row.instance + 1}` : row.service,
    row.ports.map((port) => String(port.port)).join(', ') || '-',
    memory(row.memoryMiB),
    String(row.cpu),
  ]);
  const header = ['SERVICE', 'PORTS', 'MEMORY', 'CPU'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const { memory: mem, cpu } = budget;
  const level = mem.level === 'error' ? io.color.red('over budget') : mem.level === 'warning' ? io.color.yellow('tight') : io.color.green('ok');
  const cpuNote = cpu.used > cpu.vcpu ? io.color.yellow(' over-subscribed') : '';
  return [
    io.color.bold(`${budget.host} (${budget.role}: ${size})`),
    `  ${io.color.dim(pad(header, widths))}`,
    ...rows.map((row) => `  ${pad(row, widths)}`),
    `  budget: memory ${memory(mem.usedMiB)} of ${memory(mem.availableMiB)} (${memory(mem.totalMiB)} less ${memory(mem.osReserveMiB)} OS reserve) = ${mem.percent}% ${level}; CPU ${cpu.used} of ${cpu.vcpu} vCPU = ${cpu.percent}%${cpuNote}`,
  ];
}

/** The per-host plan like the spec's VM tables: service, ports, memory, CPU, then the budget line. */
export function topologyText(io: CliIo, inventory: ResolvedInventory, placed: readonly PlacedService[]): string {
  return hostBudget(inventory, placed)
    .map((budget) => hostSection(io, budget, inventory).join('\n'))
    .join('\n\n');
}

export function topologyJson(inventory: ResolvedInventory, placed: readonly PlacedService[]): HostBudget[] {
  return hostBudget(inventory, placed);
}
