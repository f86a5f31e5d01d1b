import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import { error, formatPath, type Finding, type YamlPath } from './diagnostics.js';
import { suggestionHint } from './did-you-mean.js';

type SchemaNode = Record<string, unknown>;

/** schemas/ sits at the package root, above both src/inventory and dist/src/inventory. */
function findSchemaFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'schemas', 'inventory.schema.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('schemas/inventory.schema.json not found next to the datalyptica package');
    dir = parent;
  }
}

export const inventorySchemaFile = findSchemaFile();
const schemaText = readFileSync(inventorySchemaFile, 'utf8');
export const inventorySchema = JSON.parse(schemaText) as SchemaNode & { $id: string };
export const schemaDigest = createHash('sha256').update(schemaText).digest('hex');

/** The build's standalone validator (compile-schema.ts), next to this file in dist/. */
export const PRECOMPILED_FILE = 'inventory-validator.cjs';

const requireModule = createRequire(import.meta.url);

/** The one Ajv configuration, for the build's precompiled code and for the error path. */
export function newSchemaAjv(extra: Options = {}): Ajv2020 {
  // Loaded here, not at import: a valid inventory is checked by the precompiled code alone.
  const { Ajv2020 } = requireModule('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  // strictTypes off: `enum`/`const` without `type` are deliberate; logger off: the core never prints.
  return new Ajv2020({ allErrors: true, verbose: true, strictTypes: false, logger: false, ...extra });
}

let precompiled: ValidateFunction | null | undefined;

/** The precompiled validator when the build made one for this very schema; null otherwise (tests run from source). */
function precompiledValidator(): ValidateFunction | null {
  if (precompiled === undefined) {
    const file = join(dirname(fileURLToPath(import.meta.url)), PRECOMPILED_FILE);
    const loaded = existsSync(file) ? (requireModule(file) as { default?: ValidateFunction; schemaSha256?: string }) : undefined;
    precompiled = loaded?.schemaSha256 === schemaDigest && loaded.default ? loaded.default : null;
  }
  return precompiled;
}

let compiled: { ajv: Ajv2020; validate: ValidateFunction; pointers: WeakMap<object, string> } | undefined;

function compiledSchema() {
  if (!compiled) {
    const ajv = newSchemaAjv();
    const validate = ajv.compile(inventorySchema);
    compiled = { ajv, validate, pointers: schemaPointers(inventorySchema) };
  }
  return compiled;
}

/** JSON pointer of every subschema object, to re-validate one branch of a failed oneOf. */
function schemaPointers(root: unknown): WeakMap<object, string> {
  const pointers = new WeakMap<object, string>();
  const walk = (node: unknown, pointer: string) => {
    if (node === null || typeof node !== 'object') return;
    pointers.set(node, pointer);
    for (const [key, value] of Object.entries(node)) walk(value, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(root, '');
  return pointers;
}

/** Checks data against schemas/inventory.schema.json; every violation becomes a friendly finding. */
export function checkSchema(data: unknown): Finding[] {
  // A valid inventory (every run of every command) needs only the fast check; errors are mapped
  // with the full Ajv, whose re-validation of oneOf branches the standalone code cannot do.
  if (precompiledValidator()?.(data)) return [];
  const { validate } = compiledSchema();
  if (validate(data)) return [];
  return mapErrors(validate.errors ?? [], data, []);
}

function mapErrors(errors: ErrorObject[], root: unknown, prefix: YamlPath): Finding[] {
  const findings: Finding[] = [];
  // A failed oneOf reports errors of every branch; keep only the branch the data was meant for.
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  const insideOneOf = (e: ErrorObject) => oneOfs.some((o) => o !== e && (e.instancePath === o.instancePath || e.instancePath.startsWith(`${o.instancePath}/`)));
  for (const e of errors) {
    if (e.keyword === 'oneOf') findings.push(...explainOneOf(e, root, prefix));
    else if (!insideOneOf(e)) findings.push(...explain(e, root, prefix));
  }
  return dedupe(findings);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}|${f.path.join('/')}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** JSON pointer -> data path, with array indexes as numbers. */
function toPath(pointer: string, root: unknown): YamlPath {
  if (pointer === '') return [];
  const path: YamlPath = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(segment));
      node = node[Number(segment)];
    } else {
      path.push(segment);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  return String(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
}

const typeNames: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  null: 'empty',
};

/** Unknown keys that look like secrets get a specific error: the inventory never holds secrets. */
const SECRET_KEY = /(pass(word|wd|phrase)?|secret|token|apikey|accesskey(id)?)$/i;

function explain(e: ErrorObject, root: unknown, prefix: YamlPath): Finding[] {
  const path = [...prefix, ...toPath(e.instancePath, root)];
  const where = formatPath(path);
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const about = descriptionOf(parent);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const keyPath = [...path, key];
      if (SECRET_KEY.test(key.replace(/[-_]/g, ''))) {
        return [{ ...error('E_INLINE_SECRET', keyPath, `${formatPath(keyPath)}: secrets are never written in the inventory`, 'name an environment variable or a file instead (passwordEnv, credentials.fromEnv, credentials.fromFile)'), atKey: true }];
      }
      const known = Object.keys((parent.properties ?? {}) as object);
      return [{ ...error('E_SCHEMA_UNKNOWN_KEY', keyPath, `unknown key "${key}" in ${where}`, suggestionHint(key, known, 'allowed keys')), atKey: true }];
    }
    case 'required': {
      const key = String(params.missingProperty);
      return [error('E_SCHEMA_MISSING_KEY', path, `${where}: missing required key "${key}"`, describeProperty(parent, key))];
    }
    case 'type': {
      const wanted = String(params.type).split(',').map((t) => typeNames[t] ?? t).join(' or ');
      return [error('E_SCHEMA_TYPE', path, `${where} must be ${wanted}, not ${describe(e.data)}`, about)];
    }
    case 'enum':
    case 'const': {
      const allowed = (e.keyword === 'const' ? [params.allowedValue] : (params.allowedValues as unknown[])).map(String);
      return [error('E_SCHEMA_VALUE', path, `${where} is ${describe(e.data)}; expected ${allowed.map((a) => `"${a}"`).join(' or ')}`, typeof e.data === 'string' ? suggestionHint(e.data, allowed) : about)];
    }
    case 'propertyNames':
      return []; // the nested error carries the key name (below)
    case 'pattern':
    case 'format': {
      const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
      if (propertyName !== undefined) {
        return [{ ...error('E_SCHEMA_VALUE', [...path, propertyName], `${where}: "${propertyName}" is not a valid key here`, about ?? 'use lower-case letters, digits and dashes'), atKey: true }];
      }
      return [error('E_SCHEMA_VALUE', path, `${where} is ${describe(e.data)}, which is not valid`, about ?? `it must match ${String(params.pattern)}`)];
    }
    default:
      // Ranges and sizes: ajv's own wording ("must be >= 1") is already clear.
      return [error('E_SCHEMA_VALUE', path, `${where} ${e.message ?? 'is not valid'}${e.keyword.endsWith('imum') ? `, not ${describe(e.data)}` : ''}`, about)];
  }
}

function describeProperty(parent: SchemaNode, key: string): string | undefined {
  const property = (parent.properties as Record<string, SchemaNode> | undefined)?.[key];
  const resolved = property && typeof property.$ref === 'string' ? resolveRef(property.$ref) : property;
  return descriptionOf(property) ?? descriptionOf(resolved);
}

/** Schema descriptions double as hints; they sit inside parentheses, so without a final period. */
function descriptionOf(node: SchemaNode | undefined): string | undefined {
  return typeof node?.description === 'string' ? node.description.replace(/\.$/, '') : undefined;
}

function resolveRef(ref: string): SchemaNode | undefined {
  let node: unknown = inventorySchema;
  for (const segment of ref.replace(/^#\/?/, '').split('/')) {
    if (segment === '') continue;
    node = node !== null && typeof node === 'object' ? (node as SchemaNode)[segment] : undefined;
  }
  return node !== null && typeof node === 'object' ? (node as SchemaNode) : undefined;
}

/**
 * Picks the oneOf branch the user evidently meant (by JSON type, then by its required keys)
 * and reports that branch's errors; when no branch fits, one error quoting the description.
 */
function explainOneOf(e: ErrorObject, root: unknown, prefix: YamlPath): Finding[] {
  const { ajv, pointers } = compiledSchema();
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const branches = (parent.oneOf ?? []) as SchemaNode[];
  const data = e.data;
  const basePointer = pointers.get(parent);
  const candidates = branches
    .map((branch, index) => {
      const ref = typeof branch.$ref === 'string' ? branch.$ref : undefined;
      return { schema: ref ? resolveRef(ref) : branch, pointer: ref ? ref.replace(/^#/, '') : `${basePointer ?? ''}/oneOf/${index}` };
    })
    .filter((c) => c.schema !== undefined && typeMatches(c.schema.type, data));
  const keyed = candidates.filter((c) => ((c.schema?.required ?? []) as string[]).every((key) => data !== null && typeof data === 'object' && key in data));
  const chosen = keyed.length === 1 ? keyed[0] : candidates.length === 1 ? candidates[0] : undefined;
  const path = [...prefix, ...toPath(e.instancePath, root)];
  if (chosen && basePointer !== undefined) {
    const validateBranch = ajv.getSchema(`${inventorySchema.$id}#${chosen.pointer}`);
    if (validateBranch && !validateBranch(data)) return mapErrors(validateBranch.errors ?? [], data, path);
  }
  const about = descriptionOf(parent);
  const secrets = data !== null && typeof data === 'object' ? Object.keys(data).filter((key) => SECRET_KEY.test(key.replace(/[-_]/g, ''))) : [];
  if (secrets.length > 0) {
    return secrets.map((key) => ({
      ...error('E_INLINE_SECRET', [...path, key], `${formatPath([...path, key])}: secrets are never written in the inventory`, about),
      atKey: true,
    }));
  }
  return [error('E_SCHEMA_VALUE', path, `${formatPath(path)} is ${describe(data)}, which is not valid here`, about)];
}

function typeMatches(type: unknown, data: unknown): boolean {
  if (typeof type !== 'string') return true;
  const actual = jsonType(data);
  return type === actual || (type === 'number' && actual === 'integer');
}
