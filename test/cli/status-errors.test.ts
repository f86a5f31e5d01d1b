import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/**
 * A cron job or a monitoring plugin reads `status`'s exit code: 2 means "down", so a typo in its
 * flags or inventory path must not say that. It says 3, "nothing is known", as plugins do.
 */
describe('status exit code on bad input', () => {
  const quiet = () => vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

  it('is 3 for an inventory that does not exist', async () => {
    const stderr = quiet();
    try {
      expect(await main(['node', 'datalyptica', 'status', '-i', '/nonexistent/inventory.yaml'])).toBe(3);
      expect(stderr.mock.calls.map(([text]) => String(text)).join('')).toMatch(/^error: .*inventory\.yaml/);
    } finally {
      stderr.mockRestore();
    }
  });

  it('is 3 for an unknown flag and a bad --timeout', async () => {
    const stderr = quiet();
    try {
      expect(await main(['node', 'datalyptica', 'status', '--no-such-flag'])).toBe(3);
      expect(await main(['node', 'datalyptica', 'status', '--timeout', 'soon'])).toBe(3);
    } finally {
      stderr.mockRestore();
    }
  });

  it('leaves other commands at 2 for usage errors', async () => {
    const stderr = quiet();
    try {
      expect(await main(['node', 'datalyptica', 'validate', '--no-such-flag'])).toBe(2);
    } finally {
      stderr.mockRestore();
    }
  });
});
