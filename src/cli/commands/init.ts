import { Option } from 'commander';
import { nodeFileSystem } from '../../core/fs.js';
import { byPosition } from '../../inventory/diagnostics.js';
import { runInit } from '../../inventory/init.js';
import type { Prompter } from '../../inventory/wizard.js';
import type { CommandModule } from '../command.js';
import { diagnosticLine, diagnosticsJson, summaryLine } from '../render/diagnostics.js';

/** Inquirer is loaded only when there is someone to ask. */
async function inquirerPrompter(): Promise<Prompter> {
  const { input, select, confirm } = await import('@inquirer/prompts');
  return { input, select, confirm };
}

export const initCommand: CommandModule = {
  name: 'init',
  summary: 'Interactive wizard that writes inventory.yaml',
  configure(command) {
    command
      .addOption(new Option('-o, --output <file>', 'inventory file to write').default('inventory.yaml'))
      .addOption(new Option('--defaults', "write the spec's 5-VM layout without asking"))
      .addOption(new Option('--force', 'replace an existing file (the old one is kept as FILE.bak)'));
  },
  async run(io, options) {
    const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !io.json;
    const result = await runInit(
      { output: String(options.output), defaults: options.defaults === true, force: options.force === true },
      { fs: nodeFileSystem, ...(interactive && options.defaults !== true ? { prompter: await inquirerPrompter() } : {}) },
    );
    const { path, replaced, validation } = result;
    if (io.json) {
      io.outJson({ path, replaced, validation: diagnosticsJson(validation) });
      return validation.valid ? 0 : 1;
    }
    io.out(`wrote ${path}${replaced ? ` (previous file kept as ${path}.bak)` : ''}`);
    for (const diagnostic of [...validation.errors, ...validation.warnings].sort(byPosition)) io.out(diagnosticLine(io, path, diagnostic));
    io.out(summaryLine(io, validation));
    io.out(validation.valid ? `next: datalyptica plan -i ${path}` : `edit ${path}, then run datalyptica validate -i ${path}`);
    return validation.valid ? 0 : 1;
  },
};
