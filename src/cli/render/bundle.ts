import { Listr, type ListrRendererFactory, type ListrTaskWrapper } from 'listr2';
import type { BundleResult } from '../../artifacts/bundle.js';
import type { BundleCheck } from '../../artifacts/check-bundle.js';
import type { BundleEvent } from '../../artifacts/events.js';
import type { CliIo } from '../io.js';

type Wrapper = ListrTaskWrapper<unknown, ListrRendererFactory, ListrRendererFactory>;

export interface BundleRenderer {
  onEvent(event: BundleEvent): void;
  finish(result: BundleResult): Promise<void>;
  /** Lets listr2 draw its last frame after a failure, before the error line prints. */
  abort(): Promise<void>;
}

/** A bar per release on a TTY (listr2), plain lines otherwise, JSON lines with --json. */
export function createBundleRenderer(io: CliIo): BundleRenderer {
  if (io.json) {
    return {
      onEvent: (event) => {
        if (event.type !== 'build-progress') io.out(JSON.stringify(event));
      },
      finish: async (result) => io.out(JSON.stringify({ type: 'result', ...result })),
      abort: async () => undefined,
    };
  }
  if (io.isTty) return new ListrBundleRenderer(io);
  return plainRenderer(io);
}

export function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

function label(event: { component: string; version: string }): string {
  return `${event.component} ${event.version}`;
}

/** `[#######-------] 45% 25.0/56.0 MiB 12.3 MiB/s ETA 3 s` */
export function progressText(event: Extract<BundleEvent, { type: 'download-progress' }>, width = 24): string {
  const rate = `${mib(event.rateBytesPerSecond)}/s`;
  if (event.total === undefined || event.total === 0) return `${mib(event.bytes)} ${rate}`;
  const ratio = Math.min(event.bytes / event.total, 1);
  const filled = Math.round(ratio * width);
  const eta = event.etaSeconds === undefined ? '' : ` ETA ${Math.ceil(event.etaSeconds)} s`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${(event.bytes / 1048576).toFixed(1)}/${mib(event.total)} ${rate}${eta}`;
}

/** One line per start and end, and a download's progress every quarter: logs stay short. */
function plainRenderer(io: CliIo): BundleRenderer {
  const quarters = new Map<string, number>();
  return {
    onEvent: (event) => {
      const line = plainLine(event, quarters);
      if (line !== undefined) io.out(line);
    },
    finish: async (result) => io.out(summaryText(result)),
    abort: async () => undefined,
  };
}

export function plainLine(event: BundleEvent, quarters = new Map<string, number>()): string | undefined {
  switch (event.type) {
    case 'bundle-start':
      return `bundle ${event.dir} (${event.source === 'registries' ? 'from the package registries' : 'official downloads'}): ${event.releases.length === 0 ? 'nothing needed' : event.releases.map(label).join(', ')}`;
    case 'artifact-present':
      return `${label(event)}: present (${event.file}, sha256 ${event.sha256.slice(0, 12)}…)`;
    case 'artifact-start':
      return `${label(event)}: ${event.action === 'build' ? 'building from' : event.resumeFrom ? `resuming from ${mib(event.resumeFrom)} of` : 'downloading'} ${event.from}`;
    case 'download-progress': {
      if (event.total === undefined) return undefined;
      const quarter = Math.floor((event.bytes / event.total) * 4);
      const key = `${event.component}@${event.version}`;
      if (quarter === 0 || quarter >= 4 || (quarters.get(key) ?? 0) >= quarter) return undefined;
      quarters.set(key, quarter);
      return `${label(event)}: ${progressText(event)}`;
    }
    case 'artifact-done':
      return `${label(event)}: ${event.action === 'build' ? `built (${event.downloads ?? 0} files from the package registries)` : 'downloaded'} ${event.file} ${mib(event.bytes)} in ${event.seconds.toFixed(1)} s, sha256 ${event.sha256}`;
    case 'artifact-failed':
    case 'build-progress':
      return undefined;
  }
}

export function summaryText(result: BundleResult): string {
  const total = result.present.length + result.downloaded.length + result.built.length;
  if (result.downloaded.length === 0 && result.built.length === 0) {
    return total === 0 ? `${result.dir}: nothing needed; bundle.json is there` : `${result.dir}: all ${total} present and verified; nothing downloaded or built (${result.seconds.toFixed(1)} s)`;
  }
  const parts = [
    ...(result.downloaded.length > 0 ? [`${result.downloaded.length} downloaded (${mib(result.downloadedBytes)})`] : []),
    ...(result.built.length > 0 ? [`${result.built.length} built (${registryFiles(result)})`] : []),
    ...(result.present.length > 0 ? [`${result.present.length} already present`] : []),
  ];
  return `${result.dir}: ${parts.join(', ')} in ${result.seconds.toFixed(1)} s`;
}

export function checkText(io: CliIo, check: BundleCheck): string {
  const lines = check.entries.map((entry) =>
    entry.status === 'ok' ? `${io.color.green('ok')}   ${entry.component} ${entry.version} ${entry.file}` : `${io.color.red('fail')} ${entry.component} ${entry.version} ${entry.file}: ${entry.detail ?? entry.status}`,
  );
  for (const need of check.absent) lines.push(`${io.color.red('fail')} ${need.component} ${need.version}: not in the bundle`);
  const bad = check.entries.filter((entry) => entry.status !== 'ok').length + check.absent.length;
  lines.push(bad === 0 ? `${check.dir}: ${check.entries.length} files verified` : `${check.dir}: ${bad} problem${bad === 1 ? '' : 's'} (rebuild with datalyptica bundle --out ${check.dir})`);
  return lines.join('\n');
}

/** A row per release, settled by its done, present or failed event. */
class ListrBundleRenderer implements BundleRenderer {
  private rows = new Map<string, { wrapper?: Wrapper; output?: string; settle: { resolve: () => void; reject: (error: Error) => void }; done: Promise<void> }>();
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly io: CliIo) {}

  onEvent = (event: BundleEvent): void => {
    if (event.type === 'bundle-start') return this.start(event);
    const row = this.rows.get(`${event.component}@${event.version}`);
    if (!row) return;
    const show = (text: string) => {
      row.output = text;
      if (row.wrapper) row.wrapper.output = text;
    };
    switch (event.type) {
      case 'artifact-present':
        show(`present, sha256 ${event.sha256.slice(0, 12)}…`);
        return row.settle.resolve();
      case 'artifact-start':
        return show(event.action === 'build' ? `building from ${event.from}` : `downloading ${event.from}`);
      case 'download-progress':
        return show(progressText(event));
      case 'build-progress':
        return show(`Maven: ${event.downloads} files downloaded`);
      case 'artifact-done':
        if (row.wrapper) row.wrapper.title = `${label(event)}: ${event.action === 'build' ? 'built' : 'downloaded'} ${mib(event.bytes)} in ${event.seconds.toFixed(1)} s`;
        return row.settle.resolve();
      case 'artifact-failed':
        return row.settle.reject(new Error(event.message));
    }
  };

  private start(event: Extract<BundleEvent, { type: 'bundle-start' }>): void {
    const tasks = event.releases.map((release) => {
      let settle!: { resolve: () => void; reject: (error: Error) => void };
      const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      done.catch(() => undefined);
      const row: { wrapper?: Wrapper; output?: string; settle: typeof settle; done: Promise<void> } = { settle, done };
      this.rows.set(`${release.component}@${release.version}`, row);
      return {
        title: `${label(release)} (${release.file})`,
        task: (_: unknown, wrapper: Wrapper) => {
          row.wrapper = wrapper;
          if (row.output) wrapper.output = row.output;
          return row.done;
        },
      };
    });
    const listr = new Listr(tasks, { concurrent: false, exitOnError: true, rendererOptions: { collapseErrors: false } });
    this.running = listr.run().then(
      () => undefined,
      () => undefined,
    );
  }

  async finish(result: BundleResult): Promise<void> {
    await this.running;
    this.io.out(summaryText(result));
  }

  async abort(): Promise<void> {
    for (const row of this.rows.values()) row.settle.reject(new Error('stopped'));
    await this.running;
  }
}

/** What the registry builds fetched: Maven's files and pip's, each left out when none. */
function registryFiles(result: BundleResult): string {
  const counts = [
    ...(result.mavenDownloads > 0 ? [`${result.mavenDownloads} files from Maven Central`] : []),
    ...((result.pipDownloads ?? 0) > 0 ? [`${result.pipDownloads} from PyPI`] : []),
  ];
  return counts.length > 0 ? counts.join(', ') : 'nothing downloaded';
}
