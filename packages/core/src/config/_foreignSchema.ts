import { z } from 'zod';

interface ForeignSchema {
  safeParse(value: unknown): { success: boolean; data?: unknown; error?: { issues?: ReadonlyArray<{ message: string; path?: PropertyKey[] }> } };
}

const isZod = (schema: unknown): schema is z.ZodType => typeof schema === 'object' && schema !== null && '_zod' in schema;

/**
 * A plugin's `configSchema` as a zod 4 schema. A plugin built against another schema library (or
 * a hand-written `safeParse`) still validates, and its problems keep their paths; only its JSON
 * Schema is unknown (any value).
 */
export function asZod(schema: unknown): z.ZodType {
  if (isZod(schema)) return schema;
  const foreign = schema as ForeignSchema;
  return z.unknown().transform((value, ctx) => {
    const result = foreign.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error?.issues ?? [{ message: 'invalid options' }]) {
      ctx.issues.push({ code: 'custom', message: issue.message, path: (issue.path ?? []).map((s) => (typeof s === 'symbol' ? String(s) : s)), input: value });
    }
    return z.NEVER;
  });
}
