import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files run in name order. Unit tests do not care; lab tests share one five-host lab and build
 * on each other (01 brings it up, 20 installs, 99 takes it down), and vitest's default order
 * (slowest first, from its cache) would run them out of turn.
 */
class FileNameOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

// Unit tests run in parallel; lab tests run one file at a time in a single fork.
export default defineConfig({
  test: {
    sequence: { sequencer: FileNameOrder },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/lab/**', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'lab',
          include: ['test/lab/**/*.test.ts'],
          fileParallelism: false,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
