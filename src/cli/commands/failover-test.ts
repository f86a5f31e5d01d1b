import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import { prepareFailoverTest } from '../../failover/cluster.js';
import { planFailoverTest, runFailoverTest } from '../../failover/runner.js';
import { parseSelection, selectScenarios } from '../../failover/scenarios.js';
import { failoverDecls, healthOf } from '../../../phases/registry.js';
import { scenarioTable } from '../../failover/kit.js';
import { labFaultPort } from '../../lab/fault-port.js';
import type { CommandModule } from '../command.js';
import { failoverMarkdown, failoverText } from '../render/failover.js';
import { acceptNewHostKeysOption, DEFAULT_INVENTORY, inventoryOption, stateDirFor } from './run-options.js';
import { numberFlag } from '../flags.js';

/** `datalyptica failover-test`: exit 0 when every scenario passed and the cluster is healthy again. */
export const failoverTestCommand: CommandModule = {
  name: 'failover-test',
  summary: 'Inject faults and measure failover against the spec targets',
  configure(command) {
    command
      .addOption(inventoryOption())
      .addOption(new Option('--service <name>', 'an HA service (postgresql, etcd, haproxy, ...) or all').default('all'))
      .addOption(new Option('--fault <kind>', 'stop, kill or host-down (default: every kind this cluster allows)'))
      .addOption(new Option('-y, --yes', 'do not ask for confirmation'))
      .addOption(new Option('--report <file>', 'also write the report here (Markdown; JSON with --json)'))
      .addOption(new Option('--rate <ops>', 'client operations per second, per client (at least 10)').default('20'))
      .addOption(new Option('--power-off-command <template>', 'shell command that powers a host off, with {host} and {address}: enables host-down outside the lab'))
      .addOption(new Option('--power-on-command <template>', 'shell command that powers a host on again (with --power-off-command)'))
      .addOption(acceptNewHostKeysOption());
  },
  async run(io, options) {
    const file = String(options.inventory ?? DEFAULT_INVENTORY);
    const rateHz = numberFlag('--rate', options.rate, (rate) => rate >= 10 && rate <= 200, '10 to 200 operations a second');
    const failover = failoverDecls();
    const selection = parseSelection(options.service as string | undefined, options.fault as string | undefined, failover.map((decl) => decl.service));
    const abort = new AbortController();
    const setup = await prepareFailoverTest({
      inventoryFile: file,
      stateDir: stateDirFor(file),
      io,
      health: healthOf,
      failover,
      faultPort: (inventoryFile) => labFaultPort(inventoryFile, io),
      acceptNewHostKeys: options.acceptNewHostKeys === true,
      powerOffCommand: options.powerOffCommand as string | undefined,
      powerOnCommand: options.powerOnCommand as string | undefined,
      signal: abort.signal,
    });
    const unsubscribe = io.onEvent((event) => {
      if (io.json) io.err(JSON.stringify(event));
      else if (event.type === 'progress') io.err(`${io.color.dim(event.scope)} ${event.text}`);
      else if (event.type === 'message' && (event.level !== 'debug' || io.verbose)) io.err(event.level === 'error' ? io.color.red.bold(event.text) : event.text);
    });
    let interrupted = 0;
    const onSigint = () => {
      interrupted++;
      abort.abort();
      io.err(io.color.yellow(interrupted === 1 ? 'interrupted: undoing the current fault and waiting for a healthy cluster before exiting' : 'still restoring the cluster; wait for it to finish'));
    };
    try {
      const { scenarios, skipped } = selectScenarios(scenarioTable(failover), selection, setup.installed, (fault) => setup.deps.faults.unsupported(fault), options.fault !== undefined);
      for (const reason of skipped) io.err(`skipped: ${reason}`);
      setup.deps.settings = { rateHz };
      const planned = await planFailoverTest(setup.deps, scenarios);
      io.err(`failover-test on cluster ${setup.inventory.cluster.name}${setup.lab ? ' (lab)' : ''}: one fault at a time, each undone before the next:`);
      for (const p of planned) io.err(`  ${p.def.service}/${p.def.fault}: ${p.action} (${p.holderName} now); target < ${p.def.targetMs / 1000} s`);
      if (!(await io.confirm(`Inject these ${planned.length} faults into cluster ${setup.inventory.cluster.name}?`, false))) {
        io.err('cancelled');
        return 130;
      }
      process.on('SIGINT', onSigint);
      const report = await runFailoverTest(setup.deps, scenarios);
      if (io.json) io.outJson(report);
      else io.out(failoverText(report, { red: io.color.red, green: io.color.green, bold: io.color.bold }));
      if (typeof options.report === 'string') await writeFile(options.report, io.json ? `${JSON.stringify(report, null, 2)}\n` : failoverMarkdown(report));
      return report.aborted ? 130 : report.ok ? 0 : 1;
    } finally {
      process.removeListener('SIGINT', onSigint);
      unsubscribe();
      await setup.close();
    }
  },
};
