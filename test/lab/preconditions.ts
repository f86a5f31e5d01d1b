import { describe, it } from 'vitest';

/**
 * What a lab suite needs before it can run (root, the lab up, earlier phases installed). Off
 * root the lab cannot run at all, so a suite is skipped with one printed reason. Under CI as
 * root the lab is expected to work, so an unmet precondition (the lab did not come up, an
 * earlier install failed) FAILS the suite with its reason: a broken lab must never pass as a skip.
 */

const isRoot = process.getuid?.() === 0;
const strict = isRoot && process.env.CI === 'true';

/** The reason a lab suite cannot run here, or undefined when it can. */
export type Blocker = string | undefined;

/** Checked first: off root nothing else is worth probing. */
export function needRoot(): Blocker {
  return isRoot ? undefined : 'lab tests need root (they drive systemd-nspawn)';
}

/** `describe` for a lab suite: runs `body` when nothing blocks it, else skips or fails as above. */
export function describeLab(name: string, blocker: Blocker, body: () => void): void {
  if (blocker === undefined) {
    describe(name, body);
  } else if (strict) {
    describe(name, () => {
      it('has what it needs to run', () => {
        throw new Error(`${name}: ${blocker}`);
      });
    });
  } else {
    console.log(`skipped "${name}": ${blocker}`);
    describe.skip(name, body);
  }
}
