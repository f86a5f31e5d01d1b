import { Listr, type ListrRendererFactory, type ListrTaskWrapper } from 'listr2';
import type { CoreEvent } from '../../core/events.js';
import type { CliIo } from '../io.js';
import { indent } from './run-plain.js';

type Wrapper = ListrTaskWrapper<unknown, ListrRendererFactory, ListrRendererFactory>;

/** A row of the live tree whose task is driven by events rather than by its own work. */
class EventRow {
  private wrapper: Wrapper | undefined;
  private pending: { output?: string; title?: string } = {};
  private settle!: { resolve: () => void; reject: (error: Error) => void };
  readonly done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
  private skipped = false;
  settled = false;

  constructor() {
    // A row settled before listr reached it must not become an unhandled rejection.
    this.done.catch(() => undefined);
  }

  attach(wrapper: Wrapper): Promise<void> {
    this.wrapper = wrapper;
    if (this.pending.title) wrapper.title = this.pending.title;
    if (this.pending.output) wrapper.output = this.pending.output;
    if (this.skipped) wrapper.skip();
    return this.done;
  }

  set output(text: string) {
    if (this.wrapper) this.wrapper.output = text;
    else this.pending.output = text;
  }

  set title(text: string) {
    if (this.wrapper) this.wrapper.title = text;
    else this.pending.title = text;
  }

  resolve(): void {
    this.settled = true;
    this.settle.resolve();
  }

  reject(message: string): void {
    this.settled = true;
    this.settle.reject(new Error(message));
  }

  skip(): void {
    if (this.settled) return;
    if (this.wrapper) this.wrapper.skip();
    else this.skipped = true;
    this.resolve();
  }
}

interface HostProgress {
  row: EventRow;
  changed: number;
  ok: number;
  warnings: number;
  failed: string | undefined;
}

/**
 * Live progress on a TTY: per phase a tree of hosts, each showing its current step and task and
 * its changed/ok counts, plus the health gate. Diffs and warnings print after the tree settles.
 */
export class ListrRunRenderer {
  private queue: Promise<void> = Promise.resolve();
  private hosts = new Map<string, HostProgress>();
  private gate = new EventRow();
  private after: string[] = [];

  constructor(
    private readonly io: CliIo,
    private readonly dryRun: boolean,
  ) {}

  onEvent = (event: CoreEvent): void => {
    switch (event.type) {
      case 'phase-start':
        return this.startPhase(event.phase, event.title, event.hosts);
      case 'step-start': {
        const host = this.hosts.get(event.host);
        if (host) host.row.output = event.step;
        return;
      }
      case 'task':
        return this.task(event);
      case 'rollout': {
        // A failed probe also arrives as a failed task, which marks the row.
        const host = this.hosts.get(event.host);
        if (host) host.row.output = `${event.step} › rollout: ${event.stage === 'failed' ? 'unhealthy' : event.stage}`;
        return;
      }
      case 'gate':
        this.gate.title = `health gate: ${event.name}`;
        if (event.ok) this.gate.resolve();
        else this.gate.reject(`${event.name} failed:\n${event.evidence.join('\n')}`);
        return;
      case 'phase-end':
        return this.endPhase();
      case 'message':
        if (event.level !== 'debug' || this.io.verbose) this.after.push(event.level === 'warn' ? this.io.color.yellow(`warning: ${event.text}`) : event.text);
        return;
      default:
        return;
    }
  };

  private startPhase(phase: number, title: string, hosts: string[]): void {
    this.hosts = new Map(hosts.map((host) => [host, { row: new EventRow(), changed: 0, ok: 0, warnings: 0, failed: undefined }]));
    this.gate = new EventRow();
    this.gate.title = 'health gate';
    const rows = [...this.hosts.entries()].map(([host, progress]) => ({ title: host, task: (_: unknown, wrapper: Wrapper) => progress.row.attach(wrapper) }));
    const listr = new Listr(
      [
        {
          title: `phase ${phase} ${title}${this.dryRun ? ' (plan)' : ''}`,
          task: (_: unknown, wrapper: Wrapper) =>
            wrapper.newListr([...rows, { title: 'health gate', task: (_ctx: unknown, gateWrapper: Wrapper) => this.gate.attach(gateWrapper) }], { concurrent: true, exitOnError: false }),
        },
      ],
      { exitOnError: false, rendererOptions: { collapseSubtasks: false, collapseErrors: false } },
    );
    const finished = listr.run().then(
      () => undefined,
      () => undefined,
    );
    this.queue = this.queue.then(() => finished);
  }

  private task(event: Extract<CoreEvent, { type: 'task' }>): void {
    const host = this.hosts.get(event.host);
    if (!host) return;
    if (event.status === 'changed') host.changed++;
    else if (event.status === 'ok') host.ok++;
    else if (event.status === 'warning') host.warnings++;
    else if (event.status === 'failed') host.failed = event.detail ?? event.task;
    const verb = this.dryRun && event.status === 'changed' ? 'would change' : event.status;
    host.row.output = `${event.step} › ${event.task}: ${verb}`;
    host.row.title = `${event.host}  ${this.counts(host)}`;
    if (event.status === 'warning') this.after.push(this.io.color.yellow(`warning: ${event.host}: ${event.task}: ${event.detail ?? ''}`));
    if (event.diff) this.after.push(`${event.host} ${event.task}:\n${indent(event.diff)}`);
  }

  private counts(host: HostProgress): string {
    const parts = [`${host.changed} ${this.dryRun ? 'to change' : 'changed'}`, `${host.ok} ok`];
    if (host.warnings > 0) parts.push(`${host.warnings} warnings`);
    return parts.join(', ');
  }

  private endPhase(): void {
    for (const host of this.hosts.values()) {
      if (host.failed) host.row.reject(host.failed);
      else host.row.resolve();
    }
    // A gate that did not run (plan, failure, none declared) is shown as skipped.
    this.gate.skip();
    const printed = this.after;
    this.after = [];
    this.queue = this.queue.then(() => {
      for (const line of printed) this.io.err(line);
    });
  }

  /** Waits until the last tree has been drawn. */
  flush(): Promise<void> {
    return this.queue;
  }
}
