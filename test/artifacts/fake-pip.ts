import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipRun, PipRunner } from '../../src/artifacts/wheelhouse.js';

export interface FakePipCall {
  args: readonly string[];
  env: Record<string, string>;
}

/**
 * A stand-in for `python3 -m pip` that acts on the file system the way pip does: `download`
 * writes one wheel per pin of its `-r` file into `-d` (taking a pin listed in `sdistOnly` only from
 * `--find-links`, else failing as pip does), `wheel` builds one into `-w`, `--version` names
 * python 3.11. A pin's wheel bytes are fixed by its name, so two builds see the same files; a
 * wheel already in `-d` is not downloaded again, as pip does.
 */
export function fakePip(options: { sdistOnly?: string[]; extraWheel?: string; fail?: string[] } = {}): { pip: PipRunner; calls: FakePipCall[] } {
  const calls: FakePipCall[] = [];
  const pip: PipRunner = async (args, { env, onLine }) => {
    calls.push({ args, env });
    const lines: string[] = [];
    const say = (line: string) => {
      lines.push(line);
      onLine(line);
    };
    const done = (exitCode: number): PipRun => ({ exitCode, timedOut: false, notFound: false, lines });
    if (args[0] === '--version') {
      say('pip 23.2.1 from /usr/lib/python3/dist-packages/pip (python 3.11)');
      return done(0);
    }
    if (options.fail) {
      options.fail.forEach(say);
      return done(1);
    }
    if (args[0] === 'wheel') {
      const [name, version] = args.at(-1)!.split('==');
      writeFileSync(join(flag(args, '-w'), `${name!.replace(/-/g, '_')}-${version}-py3-none-any.whl`), `built ${name} ${version}`);
      say(`Created wheel for ${name}`);
      return done(0);
    }
    const dest = flag(args, '-d');
    const findLinks = flag(args, '--find-links');
    mkdirSync(dest, { recursive: true });
    // pip's messages for a file it put in -d, and for one that was there already.
    const save = (file: string, content: string | Buffer) => {
      if (existsSync(join(dest, file))) return say(`File was already downloaded ${join(dest, file)}`);
      writeFileSync(join(dest, file), content);
      say(`Saved ./${file}`);
    };
    for (const pin of readFileSync(flag(args, '-r'), 'utf8').split('\n').filter((line) => line.includes('=='))) {
      const [name, version] = pin.split('==');
      const file = `${name!.replace(/-/g, '_')}-${version}-py3-none-any.whl`;
      if (options.sdistOnly?.includes(name!)) {
        if (!existsSync(join(findLinks, file))) {
          say(`ERROR: Could not find a version that satisfies the requirement ${pin} (from versions: none)`);
          say(`ERROR: No matching distribution found for ${pin}`);
          return done(1);
        }
        save(file, readFileSync(join(findLinks, file)));
        continue;
      }
      if (!existsSync(join(dest, file))) say(`  Downloading ${file} (1 kB)`);
      save(file, `wheel ${name} ${version}`);
    }
    // A candidate the resolver only tried: in -d from an earlier build, not in the closure.
    if (existsSync(join(dest, 'flask-9.9.9-py3-none-any.whl'))) say(`File was already downloaded ${join(dest, 'flask-9.9.9-py3-none-any.whl')}`);
    if (options.extraWheel) save(options.extraWheel, 'unpinned');
    const projects = readFileSync(flag(args, '-r'), 'utf8').split('\n').filter((line) => line.includes('==')).map((pin) => pin.split('==')[0]);
    say(`Successfully downloaded ${[...projects, ...(options.extraWheel ? [options.extraWheel.split('-')[0]] : [])].join(' ')}`);
    return done(0);
  };
  return { pip, calls };
}

function flag(args: readonly string[], name: string): string {
  const index = args.indexOf(name);
  if (index < 0) throw new Error(`fake pip: no ${name} in ${args.join(' ')}`);
  return args[index + 1]!;
}
