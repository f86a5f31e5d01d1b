import { execaSync } from 'execa';

/** Whether a validator binary is installed here: tests that need one skip without it. */
export function hasBinary(name: string): boolean {
  return execaSync('sh', ['-c', `command -v ${name}`], { reject: false }).exitCode === 0;
}
