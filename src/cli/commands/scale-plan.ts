import { Option } from 'commander';
import { loadValidInventory } from '../../inventory/validate.js';
import { renderReport } from '../../scale/render/report.js';
import { assembleScalePlan, collectMetrics, DEFAULT_THRESHOLDS, parseDuration, writeNextInventory, type Thresholds, type Workload } from '../../scale/index.js';
import type { CommandModule } from '../command.js';
import { acceptNewHostKeysOption, DEFAULT_INVENTORY, inventoryOption } from './run-options.js';
import { numberFlag } from '../flags.js';

function number(options: Record<string, unknown>, key: string, flag: string, max = Infinity): number | undefined {
  const raw = options[key];
  if (raw === undefined) return undefined;
  return numberFlag(flag, raw, (value) => value >= 0 && value <= max, `a number${max === 100 ? ' from 0 to 100' : ' of 0 or more'}`);
}

/** `datalyptica scale-plan`: do we need to grow, why, and into what? Exit 0 with a plan either way. */
export const scalePlanCommand: CommandModule = {
  name: 'scale-plan',
  summary: 'Recommend the next cluster tier from measured load',
  configure(command) {
    command
      .addOption(inventoryOption())
      .addOption(new Option('--metrics <file>', 'per-host samples to plan from offline (docs/metrics-format.md)'))
      .addOption(new Option('--prometheus <url>', "Prometheus to query (default: the inventory's, when it answers)"))
      .addOption(new Option('--window <duration>', 'time range of Prometheus queries and OOM kills').default('7d'))
      .addOption(new Option('--sample-seconds <n>', 'live SSH sample: CPU measured over this many seconds').default('5'))
      .addOption(new Option('--users <n>', 'concurrent users'))
      .addOption(new Option('--active-data-tb <n>', 'active data, TB'))
      .addOption(new Option('--ingest-gb-day <n>', 'ingestion, GB a day'))
      .addOption(new Option('--concurrent-queries <n>', 'concurrent queries'))
      .addOption(new Option('--cpu-threshold <percent>', 'sustained data-plane CPU that triggers growth').default(String(DEFAULT_THRESHOLDS.cpuPercent)))
      .addOption(new Option('--disk-threshold <percent>', 'disk use that triggers growth').default(String(DEFAULT_THRESHOLDS.diskPercent)))
      .addOption(new Option('--psi-threshold <percent>', 'sustained PSI memory "some" that counts as memory pressure').default(String(DEFAULT_THRESHOLDS.psiMemoryPercent)))
      .addOption(new Option('--write <file>', "write the next tier's inventory to this file"))
      .addOption(acceptNewHostKeysOption());
  },
  async run(io, options) {
    const file = String(options.inventory ?? DEFAULT_INVENTORY);
    const windowMs = parseDuration(String(options.window ?? '7d'), '--window');
    const sampleSeconds = numberFlag('--sample-seconds', options.sampleSeconds ?? 5, (s) => Number.isInteger(s) && s >= 1 && s <= 300, 'a whole number from 1 to 300');
    const thresholds: Thresholds = {
      ...DEFAULT_THRESHOLDS,
      cpuPercent: number(options, 'cpuThreshold', '--cpu-threshold', 100) ?? DEFAULT_THRESHOLDS.cpuPercent,
      diskPercent: number(options, 'diskThreshold', '--disk-threshold', 100) ?? DEFAULT_THRESHOLDS.diskPercent,
      psiMemoryPercent: number(options, 'psiThreshold', '--psi-threshold', 100) ?? DEFAULT_THRESHOLDS.psiMemoryPercent,
    };
    const workload: Workload = {};
    const flags: Array<[keyof Workload, string, string]> = [
      ['users', 'users', '--users'],
      ['activeDataTB', 'activeDataTb', '--active-data-tb'],
      ['ingestGBPerDay', 'ingestGbDay', '--ingest-gb-day'],
      ['concurrentQueries', 'concurrentQueries', '--concurrent-queries'],
    ];
    for (const [key, option, flag] of flags) {
      const value = number(options, option, flag);
      if (value !== undefined) workload[key] = value;
    }
    const { inventory } = await loadValidInventory(file);
    const metrics = await collectMetrics(inventory, {
      ...(typeof options.metrics === 'string' ? { metricsFile: options.metrics } : {}),
      ...(typeof options.prometheus === 'string' ? { prometheusUrl: options.prometheus } : {}),
      windowMs,
      sampleSeconds,
      acceptNewHostKeys: options.acceptNewHostKeys === true,
      io,
    });
    const write = typeof options.write === 'string' ? options.write : undefined;
    const plan = assembleScalePlan(inventory, metrics, workload, thresholds, write ? { nextInventoryFile: write } : {});
    if (write) await writeNextInventory(plan, write);
    if (io.json) io.outJson({ ...plan, ...(write ? { written: write } : {}) });
    else io.out(renderReport(plan, { style: io.color, chart: io.isTty, ...(write ? { written: write } : {}) }));
    return 0;
  },
};
