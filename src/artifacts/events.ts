import type { DownloadProgress } from './download.js';

/** One release of a bundle run, as events name it. */
export interface ReleaseRef {
  component: string;
  version: string;
  file: string;
}

/**
 * What `bundle` reports while it works; the CLI draws a bar per download on a TTY, plain lines
 * otherwise, and prints these as JSON lines with --json. The core never prints.
 */
export type BundleEvent =
  | { type: 'bundle-start'; dir: string; source: 'official' | 'registries'; releases: ReleaseRef[] }
  /** Already in the bundle with the recorded size and sha256: nothing fetched. */
  | ({ type: 'artifact-present'; sha256: string } & ReleaseRef)
  | ({ type: 'artifact-start'; action: 'download' | 'build'; from: string; resumeFrom?: number } & ReleaseRef)
  | ({ type: 'download-progress' } & ReleaseRef & DownloadProgress)
  /** A registry build's progress: Maven's downloads so far. */
  | ({ type: 'build-progress'; downloads: number; line: string } & ReleaseRef)
  | ({ type: 'artifact-done'; action: 'download' | 'build'; sha256: string; bytes: number; seconds: number; downloads?: number; resumedFrom?: number } & ReleaseRef)
  | ({ type: 'artifact-failed'; code: string; message: string } & ReleaseRef);

export type BundleListener = (event: BundleEvent) => void;
