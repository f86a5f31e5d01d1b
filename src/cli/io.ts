import chalk, { Chalk } from 'chalk';
import type { CoreEvent, IoHost } from '../core/events.js';
import { DatalypticaError } from '../core/errors.js';

export interface GlobalOptions {
  json?: boolean;
  verbose?: boolean;
  yes?: boolean;
  color?: boolean;
}

/**
 * Terminal side of the IoHost port: one place decides colours (chalk honours NO_COLOR and
 * non-TTY output), JSON vs text, and whether we may prompt.
 */
export class CliIo implements IoHost {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly yes: boolean;
  readonly isTty: boolean;
  readonly color: InstanceType<typeof Chalk>;
  private readonly listeners: Array<(event: CoreEvent) => void> = [];

  constructor(options: GlobalOptions, private readonly stdout = process.stdout, private readonly stderr = process.stderr) {
    this.json = options.json ?? false;
    this.verbose = options.verbose ?? false;
    this.yes = options.yes ?? false;
    this.isTty = Boolean(stdout.isTTY) && !this.json;
    this.color = options.color === false || !this.isTty ? new Chalk({ level: 0 }) : chalk;
  }

  /** Renderers (listr2, plain) subscribe here; without one, events print as plain lines. */
  onEvent(listener: (event: CoreEvent) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  notify(event: CoreEvent): void {
    if (this.listeners.length > 0) {
      for (const listener of this.listeners) listener(event);
      return;
    }
    if (this.json) {
      this.stderr.write(`${JSON.stringify(event)}\n`);
      return;
    }
    if (event.type === 'message') {
      if (event.level === 'debug' && !this.verbose) return;
      const prefix = event.level === 'warn' ? this.color.yellow('warning: ') : event.level === 'error' ? this.color.red('error: ') : '';
      this.stderr.write(`${prefix}${event.text}\n`);
    } else if (event.type === 'progress' && this.verbose) {
      this.stderr.write(`${event.scope}: ${event.text}\n`);
    }
  }

  async confirm(question: string, defaultAnswer: boolean): Promise<boolean> {
    if (this.yes) return true;
    if (!process.stdin.isTTY || !this.stdout.isTTY) {
      throw new DatalypticaError('E_NO_TTY', `cannot ask "${question}" without a terminal`, {
        hint: 'pass --yes to confirm non-interactively',
        exitCode: 2,
      });
    }
    const { confirm } = await import('@inquirer/prompts');
    return confirm({ message: question, default: defaultAnswer });
  }

  /** The command's result: JSON on stdout with --json, text otherwise. */
  out(text: string): void {
    this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  outJson(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  err(text: string): void {
    this.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}
