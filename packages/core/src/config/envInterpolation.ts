/**
 * Environment references inside config values.
 *
 * - `${NAME}` is replaced by the variable's value; an unset variable is an error.
 * - `${NAME:-default}` uses `default` when the variable is unset **or empty** (shell `:-` rules).
 *   The default is literal text: it is not expanded again and cannot contain `}`.
 * - `$${` writes a literal `${`, so `$${HOME}` stays `${HOME}`.
 *
 * Replacement is a single pass: a value that itself contains `${...}` is inserted as is, never
 * expanded again, so the environment cannot inject references.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface EnvInterpolation {
  /** The text with every reference filled in (missing ones left as written). */
  readonly value: string;
  /** Variables that were referenced without a default and are not set, in order of appearance. */
  readonly missing: readonly string[];
  /** `${` sequences that do not form a reference (`${1X}`, `${NAME` without `}`). */
  readonly malformed: readonly string[];
  /** Whether the whole text was exactly one reference (`${PORT}`), so the caller may re-type it. */
  readonly wholeReference: boolean;
  /** Whether anything was replaced or unescaped. */
  readonly changed: boolean;
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
/** Escape, reference, or a stray `${` (caught last so malformed text is reported, not ignored). */
const REFERENCE = new RegExp(`\\$\\$\\{|\\$\\{(${NAME})(?::-([^}]*))?\\}|\\$\\{[^}\\s]*\\}?`, 'g');
const WHOLE = new RegExp(`^\\$\\{${NAME}(?::-[^}]*)?\\}$`);

export function interpolateEnv(text: string, env: Env): EnvInterpolation {
  if (!text.includes('${')) return { value: text, missing: [], malformed: [], wholeReference: false, changed: false };
  const missing: string[] = [];
  const malformed: string[] = [];
  const value = text.replace(REFERENCE, (match: string, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    if (name === undefined) {
      malformed.push(match);
      return match;
    }
    // Own properties only: a plain-object env must not resolve `${constructor}` from its prototype.
    const set = Object.hasOwn(env, name) ? env[name] : undefined;
    if (fallback !== undefined) return set === undefined || set === '' ? fallback : set;
    if (set === undefined) {
      missing.push(name);
      return match;
    }
    return set;
  });
  return { value, missing, malformed, wholeReference: WHOLE.test(text), changed: value !== text };
}

/** Whether a text contains anything `interpolateEnv` would act on. */
export function hasEnvReference(text: string): boolean {
  return text.includes('${');
}
