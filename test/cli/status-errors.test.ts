import { describe, expect, it } from 'vitest';
import { runMain } from '../doubles/main-run.js';

/**
 * A cron job or a monitoring plugin reads `status`'s exit code: 2 means "down", so a typo in its
 * flags or inventory path must not say that. It says 3, "nothing is known", as plugins do.
 */
describe('status exit code on bad input', () => {
  it('is 3 for an inventory that does not exist', async () => {
    const { code, output } = await runMain(['status', '-i', '/nonexistent/inventory.yaml']);
    expect(code).toBe(3);
    expect(output).toMatch(/^error: .*inventory\.yaml/);
  });

  it('is 3 for an unknown flag and a bad --timeout', async () => {
    expect((await runMain(['status', '--no-such-flag'])).code).toBe(3);
    expect((await runMain(['status', '--timeout', 'soon'])).code).toBe(3);
  });

  it('leaves other commands at 2 for usage errors', async () => {
    expect((await runMain(['validate', '--no-such-flag'])).code).toBe(2);
  });
});
