import type { Clock } from '../core/clock.js';
import type { ClaimOverlap } from './types.js';

/**
 * Exclusive roles ("claims") that must have one holder at a time: a VIP on an interface, the
 * PostgreSQL primary, the etcd Raft leader. A monitor samples every host on its own loop
 * (a host that hangs does not slow the others) and the analysis below works on the samples.
 */
export interface ClaimSample {
  host: string;
  /** Midpoint of the probe: the best estimate of when the host was in that state. */
  at: number;
  /** False when the host did not answer: its state is unknown at that time. */
  ok: boolean;
  claims: string[];
}

/** What a host claims right now (e.g. the VIPs on its interfaces); throws when it cannot tell. */
export type ClaimProbe = (host: string) => Promise<string[]>;

export interface MonitorOptions {
  intervalMs: number;
  timeoutMs: number;
}

export class ClaimMonitor {
  readonly samples: ClaimSample[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly hosts: readonly string[],
    private readonly probe: ClaimProbe,
    private readonly options: MonitorOptions,
    private readonly clock: Clock,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = this.hosts.map((host) => this.sampleLoop(host));
  }

  async stop(): Promise<ClaimSample[]> {
    this.running = false;
    await Promise.all(this.loops);
    return [...this.samples].sort((a, b) => a.at - b.at);
  }

  private async sampleLoop(host: string): Promise<void> {
    while (this.running) {
      const started = this.clock.now();
      const sample = await sampleOnce(host, this.probe, this.options.timeoutMs, this.clock);
      this.samples.push(sample);
      const wait = started + this.options.intervalMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
    }
  }
}

/** One probe of one host, bounded by `timeoutMs` (a powered-off host never answers). */
export async function sampleOnce(host: string, probe: ClaimProbe, timeoutMs: number, clock: Clock): Promise<ClaimSample> {
  const started = clock.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  const claims = await Promise.race([probe(host).catch(() => undefined), timeout]);
  clearTimeout(timer);
  const ended = clock.now();
  return { host, at: (started + ended) / 2, ok: claims !== undefined, claims: claims ?? [] };
}

interface Run {
  host: string;
  from: number;
  to: number;
}

/** Per host, the stretches of consecutive answered samples that held `claim`; an unanswered sample ends a stretch. */
export function claimRuns(samples: readonly ClaimSample[], claim: string): Run[] {
  const runs: Run[] = [];
  const byHost = new Map<string, ClaimSample[]>();
  for (const sample of samples) byHost.set(sample.host, [...(byHost.get(sample.host) ?? []), sample]);
  for (const [host, list] of byHost) {
    let current: Run | undefined;
    for (const sample of list.sort((a, b) => a.at - b.at)) {
      if (sample.ok && sample.claims.includes(claim)) {
        if (current) current.to = sample.at;
        else runs.push((current = { host, from: sample.at, to: sample.at }));
      } else {
        current = undefined;
      }
    }
  }
  return runs;
}

/**
 * Every time two hosts were seen holding `claim` at once: one host's stretch of holding
 * samples intersects another's (a sample of one taken while the other was seen holding it
 * before and after). Times are relative to `origin` (the fault).
 */
export function claimOverlaps(samples: readonly ClaimSample[], claim: string, origin: number): ClaimOverlap[] {
  const runs = claimRuns(samples, claim);
  const overlaps: ClaimOverlap[] = [];
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      const a = runs[i]!;
      const b = runs[j]!;
      if (a.host === b.host) continue;
      const from = Math.max(a.from, b.from);
      const to = Math.min(a.to, b.to);
      if (from <= to) overlaps.push({ claim, hosts: [a.host, b.host].sort() as [string, string], fromMs: Math.round(from - origin), toMs: Math.round(to - origin) });
    }
  }
  return overlaps.sort((a, b) => a.fromMs - b.fromMs);
}

/** The first sample at or after `after` in which a host other than `previous` held `claim`. */
export function firstNewHolder(samples: readonly ClaimSample[], claim: string, previous: string, after: number): { at: number; host: string } | undefined {
  let first: ClaimSample | undefined;
  for (const sample of samples) {
    if (sample.at < after || !sample.ok || sample.host === previous || !sample.claims.includes(claim)) continue;
    if (!first || sample.at < first.at) first = sample;
  }
  return first ? { at: first.at, host: first.host } : undefined;
}

/** The hosts that hold `claim` in one round of samples. */
export function holdersOf(samples: readonly ClaimSample[], claim: string): string[] {
  return samples.filter((sample) => sample.ok && sample.claims.includes(claim)).map((sample) => sample.host);
}
