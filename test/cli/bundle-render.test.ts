import { describe, expect, it } from 'vitest';
import type { BundleEvent } from '../../src/artifacts/events.js';
import { plainLine, progressText, summaryText } from '../../src/cli/render/bundle.js';

const ref = { component: 'kafka', version: '3.9.0', file: 'kafka_2.13-3.9.0.tgz' };
const MiB = 1048576;
const progress = (bytes: number): Extract<BundleEvent, { type: 'download-progress' }> => ({ type: 'download-progress', ...ref, bytes, total: 40 * MiB, rateBytesPerSecond: 4 * MiB, etaSeconds: (40 * MiB - bytes) / (4 * MiB) });

describe('bundle rendering', () => {
  it('draws a bar with bytes, total, rate and ETA, and just bytes and rate without a length', () => {
    expect(progressText(progress(10 * MiB), 8)).toBe('[##------] 25% 10.0/40.0 MiB 4.0 MiB/s ETA 8 s');
    expect(progressText({ type: 'download-progress', ...ref, bytes: 3 * MiB, rateBytesPerSecond: MiB })).toBe('3.0 MiB 1.0 MiB/s');
  });

  it('prints a plain line per quarter of a download, not per chunk', () => {
    const quarters = new Map<string, number>();
    const lines = [1, 5, 11, 12, 21, 35, 40].map((m) => plainLine(progress(m * MiB), quarters)).filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^kafka 3.9.0: \[#+-+\] 27%/);
  });

  it('says a run that fetched nothing fetched nothing, and leaves zero counts out otherwise', () => {
    const base = { dir: '/b', source: 'registries' as const, downloaded: [], built: [], downloadedBytes: 0, mavenDownloads: 0, seconds: 0.2 };
    expect(summaryText({ ...base, present: [ref, ref] })).toBe('/b: all 2 present and verified; nothing downloaded or built (0.2 s)');
    expect(summaryText({ ...base, present: [], seconds: 0 })).toBe('/b: nothing needed; bundle.json is there');
    expect(summaryText({ ...base, present: [ref], built: [ref], mavenDownloads: 480, seconds: 60 })).toBe('/b: 1 built (480 files from Maven Central), 1 already present in 60.0 s');
    expect(summaryText({ ...base, present: [], built: [ref, ref], mavenDownloads: 480, pipDownloads: 70, seconds: 60 })).toBe('/b: 2 built (480 files from Maven Central, 70 from PyPI) in 60.0 s');
  });
});
