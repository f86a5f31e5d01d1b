import { defineConfig } from 'vitest/config';

// Unit tests run in parallel; lab tests share one five-host lab, so they run one file at a
// time in a single fork, in file-name order (test/lab/01-*.test.ts, 02-*, ...).
export default defineConfig({
  test: {
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
          sequence: { shuffle: false },
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
