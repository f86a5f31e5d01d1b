import type { CommandDescriptor } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

/** main() as the binary runs it, with stdout and stderr captured together. */
export async function runMain(argv: string[], descriptors?: CommandDescriptor[]): Promise<{ code: number; output: string }> {
  const output: string[] = [];
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const capture = ((chunk: string) => output.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    return { code: await main(['node', 'datalyptica', ...argv], descriptors), output: output.join('') };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
}
