import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { DatalypticaError } from '../core/errors.js';

/** The package root: the nearest directory above this module holding templates/ (works from src/ and dist/src/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'templates')) || !existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new DatalypticaError('E_TEMPLATES', 'cannot find the templates/ directory of datalyptica', { hint: 'reinstall datalyptica' });
    dir = parent;
  }
  return dir;
}

/**
 * Handlebars templates from templates/, rendered with `strict: true` so a missing variable is an
 * error, never an empty string in a config file. `noEscape`: config files are not HTML.
 */
export class Templates {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? join(packageRoot(), 'templates');
    this.handlebars.registerHelper('join', (list: unknown[], separator: unknown) => list.join(typeof separator === 'string' ? separator : ','));
    this.handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value));
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }

  render(name: string, vars: object): string {
    let template = this.compiled.get(name);
    if (!template) {
      const path = join(this.dir, name);
      if (!existsSync(path)) throw new DatalypticaError('E_TEMPLATE_MISSING', `template ${name} not found in ${this.dir}`, { hint: 'this is a bug in the phase that uses it' });
      template = this.handlebars.compile(readFileSync(path, 'utf8'), { strict: true, noEscape: true });
      this.compiled.set(name, template);
    }
    try {
      return template(vars);
    } catch (error) {
      throw new DatalypticaError('E_TEMPLATE', `template ${name}: ${(error as Error).message.split('\n')[0]}`, { hint: 'a variable the template uses was not provided', cause: error });
    }
  }
}
