/**
 * Whether `actual` has every field `pattern` lists, with the same values: a test names only what
 * it checks (an operator's output carries receive times and keys a test rarely cares about).
 */
export function matchesPattern(actual: unknown, pattern: unknown): boolean {
  if (pattern === null || typeof pattern !== 'object') return Object.is(actual, pattern) || (typeof pattern === 'number' && actual === pattern);
  if (actual === null || typeof actual !== 'object') return false;
  if (Array.isArray(pattern)) return Array.isArray(actual) && actual.length === pattern.length && pattern.every((p, i) => matchesPattern(actual[i], p));
  return Object.entries(pattern as Record<string, unknown>).every(([key, value]) => matchesPattern((actual as Record<string, unknown>)[key], value));
}
