/**
 * What counts as a secret, and how it is kept out of logs and printed configs.
 */

/** Config and log keys whose values are secrets. */
export const SECRET_KEY = /secret|password|passwd|token|api[-_]?key|authorization|credential/i;

export const REDACTED = '[redacted]';

/** Secrets shorter than this are not scrubbed from text: they would shred unrelated log content. */
export const MIN_SECRET_LENGTH = 4;

export function isSecretKey(key: string | number): boolean {
  return typeof key === 'string' && SECRET_KEY.test(key);
}

/**
 * The password of a `scheme://user:password@host` URL, matched on its own so the user name and host
 * stay readable. The look-behind lets one global RegExp find it anywhere in a log line.
 */
const URL_PASSWORD_SOURCE = String.raw`(?<=[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:\/@"']*:)[^\s@\/"']+(?=@)`;
const URL_PASSWORD = new RegExp(URL_PASSWORD_SOURCE, 'g');

/** Replaces URL passwords in any text. */
export function redactUrlPasswords(text: string): string {
  return text.includes('://') ? text.replace(URL_PASSWORD, REDACTED) : text;
}

/**
 * Replaces URL passwords and secret-named query parameters (`?token=...`) in any text. Read from
 * the text, not with `new URL`, so a URL that does not parse (a config value being refused) is
 * covered too.
 */
export function redactUrlSecrets(text: string): string {
  if (!text.includes('://')) return text;
  return redactUrlPasswords(text).replace(/([?&;])([^=&#\s]+)=([^&#\s]+)/g, (match, separator: string, key: string) => (isSecretKey(key) ? `${separator}${key}=${REDACTED}` : match));
}

/** The secrets a single string value carries: URL passwords, query tokens, bearer credentials. */
export function secretsInValue(value: string): string[] {
  const found: string[] = [];
  for (const match of value.matchAll(URL_PASSWORD)) {
    found.push(match[0]);
    const decoded = safeDecode(match[0]);
    if (decoded !== match[0]) found.push(decoded);
  }
  if (value.includes('://') && value.includes('?')) {
    try {
      for (const [key, param] of new URL(value).searchParams) if (isSecretKey(key) && param) found.push(param);
    } catch {
      // Not a URL after all; nothing more to find.
    }
  }
  return found;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A growing set of secret values (from the config, and tokens obtained at run time) with one
 * compiled RegExp that replaces all of them in a line of text; URL passwords are replaced too.
 */
export class SecretSet {
  readonly #values = new Set<string>();
  #pattern: RegExp | undefined;

  constructor(values: Iterable<string> = []) {
    for (const value of values) this.add(value);
  }

  get size(): number {
    return this.#values.size;
  }

  add(value: string | undefined | null): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
    const before = this.#values.size;
    this.#values.add(value);
    // Log lines are JSON: a secret with quotes or backslashes appears there in escaped form.
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.#values.add(escaped);
    if (this.#values.size !== before) this.#pattern = undefined;
  }

  has(value: string): boolean {
    return this.#values.has(value);
  }

  values(): string[] {
    return [...this.#values];
  }

  /** Returns the text with every registered secret and every URL password replaced. */
  scrub(text: string): string {
    const withoutPasswords = redactUrlPasswords(text);
    if (this.#values.size === 0) return withoutPasswords;
    this.#pattern ??= this.#compile();
    return withoutPasswords.replace(this.#pattern, REDACTED);
  }

  #compile(): RegExp {
    // Longest first, so a secret that contains another is replaced whole. Plain literals only: a
    // look-behind in the same pattern would be tried at every position of every line.
    const alternatives = [...this.#values].sort((a, b) => b.length - a.length).map(escapeRegExp);
    return new RegExp(alternatives.join('|'), 'g');
  }
}

/**
 * A copy of `value` with secret-keyed fields replaced and secrets scrubbed from strings. Objects
 * without secrets are returned as they are, so logging plain objects stays cheap.
 */
export function redactValue<T>(value: T, secrets?: SecretSet, depth = 0): T {
  if (typeof value === 'string') return (secrets ? secrets.scrub(value) : redactUrlPasswords(value)) as T;
  if (typeof value !== 'object' || value === null || depth > 16) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item: unknown) => {
      const next = redactValue(item, secrets, depth + 1);
      if (next !== item) changed = true;
      return next;
    });
    return (changed ? out : value) as T;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  // Class instances (errors, dates, buffers) keep their shape; the log line scrub covers their text.
  if (proto !== Object.prototype && proto !== null) return value;
  let out: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const next = isSecretKey(key) && item !== undefined && item !== null && typeof item !== 'object' ? REDACTED : redactValue(item, secrets, depth + 1);
    if (next !== item) {
      out ??= { ...(value as Record<string, unknown>) };
      out[key] = next;
    }
  }
  return (out ?? value) as T;
}
