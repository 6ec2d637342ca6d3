import type { z } from 'zod';
import { formatPath, type ConfigPath } from './_yamlPositions.js';

const NUMBER = /^[-+]?(?:\d+|\d*\.\d+)(?:[eE][-+]?\d+)?$/;

function coerce(text: string, expected: string): number | boolean | undefined {
  if ((expected === 'number' || expected === 'int') && NUMBER.test(text.trim())) return Number(text);
  if (expected === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return undefined;
}

function setAt(root: unknown, path: readonly PropertyKey[], value: unknown): void {
  let node = root as Record<PropertyKey, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<PropertyKey, unknown>;
  node[path[path.length - 1]!] = value;
}

/**
 * Every issue under a union's branches too, with paths from the parsed value: a `pipeline:` or
 * `sinks:` entry is a union (one branch per plugin), and its options' issues sit inside it.
 */
function leafIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') return issue.errors.flatMap((branch) => leafIssues(branch, path));
    return [{ ...issue, path } as z.core.$ZodIssue];
  });
}

/**
 * Parses `value` with `schema`, reading env-filled strings as numbers or booleans where the schema
 * wants one. An environment variable is always text, so `port: ${PORT}` would otherwise never
 * validate; letting the schema decide keeps `clientSecret: ${SECRET}` a string even when the secret
 * is all digits. Values written literally in the file are never coerced.
 */
export function parseWithEnvCoercion<S extends z.ZodType>(
  schema: S,
  value: unknown,
  basePath: ConfigPath,
  filled: ReadonlySet<string>,
): z.ZodSafeParseResult<z.output<S>> {
  let current = value;
  let copied = false;
  // Paths read as a number on a guess: a schema that takes text or a number (a duration: `30s`
  // or milliseconds) refuses the text with its own check, not with a type error.
  const guessed = new Set<string>();
  const set = (path: readonly PropertyKey[], to: unknown) => {
    if (!copied) {
      current = structuredClone(current);
      copied = true;
    }
    setAt(current, path, to);
  };
  for (;;) {
    const result = schema.safeParse(current, { reportInput: true });
    if (result.success || filled.size === 0) return result;
    let fixed = false;
    for (const issue of leafIssues(result.error.issues)) {
      if (issue.path.length === 0) continue;
      const where = formatPath([...basePath, ...issue.path.map((s) => (typeof s === 'number' ? s : String(s)))]);
      if (!filled.has(where)) continue;
      if (issue.code === 'invalid_type' && typeof issue.input === 'string') {
        const coerced = coerce(issue.input, issue.expected);
        if (coerced === undefined) continue;
        set(issue.path, coerced);
        fixed = true;
      } else if (issue.code === 'custom' && typeof issue.input === 'string' && !guessed.has(where)) {
        const coerced = coerce(issue.input, 'number');
        if (coerced === undefined) continue;
        guessed.add(where);
        set(issue.path, coerced);
        fixed = true;
      } else if (guessed.has(where) && typeof issue.input === 'number') {
        // The number is refused too: report the value as the text it was.
        set(issue.path, String(issue.input));
        fixed = true;
      }
    }
    if (!fixed) return result;
  }
}
