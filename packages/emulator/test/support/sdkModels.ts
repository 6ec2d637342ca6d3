import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The official Genesys Cloud JavaScript SDK's models, read from its `index.d.ts`: every field of
 * every notification and REST body Genesys documents, with its type. The emulator's payloads are
 * checked against these, so a field real Genesys never sends cannot slip in.
 */
export type FieldType =
  | { kind: 'string' | 'number' | 'boolean' | 'any' }
  | { kind: 'model'; name: string }
  | { kind: 'array'; of: FieldType }
  | { kind: 'map'; of: FieldType };

export type Models = ReadonlyMap<string, ReadonlyMap<string, FieldType>>;

function parseType(text: string): FieldType {
  const t = text.trim();
  if (t === 'string' || t === 'number' || t === 'boolean') return { kind: t };
  if (t === 'object' || t === 'any') return { kind: 'any' };
  if (t.startsWith('Models.')) return { kind: 'model', name: t.slice('Models.'.length) };
  const array = /^Array<(.+)>$/.exec(t);
  if (array) return { kind: 'array', of: parseType(array[1]!) };
  const record = /^Record<string, (.+)>$/.exec(t) ?? /^\{ \[key: string\]: (.+); \}$/.exec(t);
  if (record) return { kind: 'map', of: parseType(record[1]!) };
  throw new Error(`unknown type in the SDK models: ${t}`);
}

export function loadSdkModels(): Models {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('purecloud-platform-client-v2/package.json'));
  const text = readFileSync(join(dir, 'index.d.ts'), 'utf8');
  const start = text.indexOf('declare namespace Models {');
  if (start < 0) throw new Error('the SDK index.d.ts has no Models namespace');
  const models = new Map<string, Map<string, FieldType>>();
  const interfaceRe = /export interface (\w+) \{([^}]*(?:\}[^}\n]*;[^}]*)*)\n\t\}/g;
  interfaceRe.lastIndex = start;
  for (let m = interfaceRe.exec(text); m; m = interfaceRe.exec(text)) {
    const fields = new Map<string, FieldType>();
    for (const line of m[2]!.split('\n')) {
      const field = /^\s*"([^"]+)"\??: (.+);\s*$/.exec(line);
      if (field) fields.set(field[1]!, parseType(field[2]!));
    }
    models.set(m[1]!, fields);
  }
  return models;
}

/** Where a payload breaks the model: an undeclared field, or a value of another type. */
export interface ModelProblem {
  readonly path: string;
  readonly problem: string;
}

const describeType = (t: FieldType): string =>
  t.kind === 'model' ? t.name : t.kind === 'array' ? `Array<${describeType(t.of)}>` : t.kind === 'map' ? `{[key]: ${describeType(t.of)}}` : t.kind;

/** Checks `value` against the SDK model `type`, recursively; pushes one problem per bad field. */
export function checkAgainstModel(models: Models, type: FieldType, value: unknown, path: string, problems: ModelProblem[]): void {
  if (value === null || value === undefined) return;
  const wrong = () => problems.push({ path, problem: `is ${Array.isArray(value) ? 'an array' : typeof value}, the SDK model says ${describeType(type)}` });
  switch (type.kind) {
    case 'any':
      return;
    case 'string':
    case 'number':
    case 'boolean':
      if (typeof value !== type.kind) wrong();
      return;
    case 'array':
      if (!Array.isArray(value)) return wrong();
      value.forEach((item, i) => checkAgainstModel(models, type.of, item, `${path}[${i}]`, problems));
      return;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) return wrong();
      for (const [k, v] of Object.entries(value)) checkAgainstModel(models, type.of, v, `${path}.${k}`, problems);
      return;
    case 'model': {
      const fields = models.get(type.name);
      if (!fields) throw new Error(`the SDK has no model ${type.name}`);
      if (typeof value !== 'object' || Array.isArray(value)) return wrong();
      for (const [k, v] of Object.entries(value)) {
        const field = fields.get(k);
        if (!field) problems.push({ path: `${path}.${k}`, problem: `is not a field of ${type.name}` });
        else checkAgainstModel(models, field, v, `${path}.${k}`, problems);
      }
    }
  }
}
