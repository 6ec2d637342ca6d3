import { fieldPath } from '@gcstream/core';
/**
 * Where `actual` differs from `expected`, reading `expected` as a pattern: objects need only the
 * keys they list, arrays must have the same length, anything else must be equal. Returns the path
 * and values of the first difference, or undefined when `actual` matches.
 */
export function firstMismatch(actual: unknown, expected: unknown, path = ''): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path || 'value'}: expected an array, got ${describe(actual)}`;
    if (actual.length !== expected.length) return `${path || 'value'}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const found = firstMismatch(actual[i], expected[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return `${path || 'value'}: expected an object, got ${describe(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      const found = firstMismatch(fieldOf(actual, key), value, path ? `${path}.${key}` : key);
      if (found) return found;
    }
    return undefined;
  }
  return Object.is(actual, expected) ? undefined : `${path || 'value'}: expected ${describe(expected)}, got ${describe(actual)}`;
}

/** A key, or a dotted field path (`eventBody.id`) as the rest of a config names fields, when no key has that name. */
function fieldOf(actual: object, key: string): unknown {
  return Object.hasOwn(actual, key) || !key.includes('.') ? (actual as Record<string, unknown>)[key] : fieldPath(key)(actual);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
