import type { ExecResult } from '../ssh/transport.js';

/**
 * A resource describes one piece of desired state on one host. The engine reads the state of
 * all the resources of a phase in one batched script (their `probe` lines), asks each resource
 * whether it has converged, applies only those that have not, and verifies with one more probe.
 */
export type Check =
  /** `note`: converged, with something worth saying (shown as the task's detail). */
  | { status: 'ok'; note?: string }
  | { status: 'change'; detail: string }
  /** Not converged and cannot be (e.g. a sysctl a container cannot set): reported, never silent, not a failure. */
  | { status: 'warning'; detail: string };

export interface Resource {
  readonly kind: string;
  /** Task name shown to the user and unique on a host within a phase, e.g. `file /etc/chrony.conf`. */
  readonly name: string;
  /** Prelude calls (see shell.ts) whose output is this resource's observed state. */
  readonly probe: string[];
  /** systemd units to restart (once, at the end of the step) when this resource changes. */
  readonly notifies?: readonly string[];
  /** Total bound of each apply command (default 10 min); past it the command is killed on the host. */
  readonly timeoutMs?: number;
  /** No output for this long is a hang (default 5 min): the command is killed on the host. */
  readonly idleTimeoutMs?: number;
  check(observed: string): Check;
  /** Extra probe lines for a readable diff (remote file contents), run only for `plan` and `-v`. */
  diffProbe?(observed: string): string[] | undefined;
  /** A unified diff from the output of `diffProbe`; secrets already hidden. */
  renderDiff?(diffOutput: string): string | undefined;
  apply(ctx: ApplyContext, observed: string): Promise<ApplyOutcome | void>;
}

export interface ApplyOutcome {
  /** Units this apply already (re)started, so a pending notification for them is satisfied. */
  restarted?: string[];
}

/** What a resource may do to its host while applying. */
export interface ApplyContext {
  readonly host: string;
  /** Runs prelude calls as root in one round trip, stopping at the first failure; throws E_REMOTE_COMMAND on failure. */
  run(lines: string[], what: string): Promise<ExecResult>;
  /** Uploads content into the staging directory; returns the remote path. */
  stage(content: Buffer | string): Promise<string>;
  /** Uploads a local file into the staging directory; returns the remote path. */
  stageFile(localPath: string): Promise<string>;
  /** Control-side artifact cache (download once, verify, reuse). */
  readonly artifacts: ArtifactStore;
}

export interface ArtifactSource {
  /** File name in a bundle directory or under a mirror URL, e.g. `kafka_2.13-3.7.0.tgz`. */
  fileName: string;
  /** Upstream URL, used when neither the bundle directory nor the mirror has it. */
  url?: string;
  sha256: string;
}

export interface ArtifactStore {
  /** A local path holding the verified artifact, downloading it on first use. */
  fetch(source: ArtifactSource): Promise<string>;
}
