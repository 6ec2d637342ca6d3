import type { z } from 'zod';

/** The parts of a zod 4 schema definition that decide which keys an object accepts. */
interface SchemaDef {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
  readonly getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/** The side of a pipe that a user writes: its input, unless that is a preprocessing function. */
function pipeInput(def: SchemaDef & { out?: z.ZodType }): z.ZodType | undefined {
  return def.in && defOf(def.in).type === 'transform' ? def.out : def.in;
}

/** Strips wrappers (optional, default, pipe, lazy...) that do not change an object's keys. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 32; i++) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === 'pipe' ? pipeInput(def) : undefined) ?? (def.type === 'lazy' ? def.getter?.() : undefined);
    if (!next) return current;
    current = next;
  }
  return current;
}

/** The alternatives a schema may take at one place (the branches of a union or intersection). */
function alternatives(schema: z.ZodType): z.ZodType[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === 'union' && def.options) return def.options.flatMap(alternatives);
  if (def.type === 'intersection' && def.left && def.right) return [...alternatives(def.left), ...alternatives(def.right)];
  return [inner];
}

function childSchemas(schema: z.ZodType, segment: string | number): z.ZodType[] {
  return alternatives(schema).flatMap((alt) => {
    const def = defOf(alt);
    if (def.type === 'object' && def.shape) {
      const child = def.shape[String(segment)];
      return child ? [child] : [];
    }
    if (def.type === 'array' && def.element && typeof segment === 'number') return [def.element];
    if (def.type === 'record' && def.valueType) return [def.valueType];
    return [];
  });
}

/** The schemas that may apply at `path` inside `schema` (a union's branches are followed, not returned). */
export function schemasAt(schema: z.ZodType, path: readonly (string | number)[]): z.ZodType[] {
  let candidates: z.ZodType[] = [schema];
  for (const segment of path) candidates = candidates.flatMap((c) => childSchemas(c, segment));
  return candidates;
}

/**
 * The keys an object accepts at `path` inside `schema`, for "did you mean" suggestions. Empty when
 * the place is not an object with a known shape.
 */
export function allowedKeysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let candidates: z.ZodType[] = [schema];
  for (const segment of path) {
    candidates = candidates.flatMap((c) => childSchemas(c, segment));
    if (candidates.length === 0) return [];
  }
  const keys = new Set<string>();
  for (const candidate of candidates) {
    for (const alt of alternatives(candidate)) {
      const def = defOf(alt);
      if (def.type === 'object' && def.shape) for (const key of Object.keys(def.shape)) keys.add(key);
    }
  }
  return [...keys];
}
