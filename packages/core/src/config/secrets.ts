import { REDACTED, isSecretKey, secretsInValue, SecretSet, redactValue } from '../logging/redact.js';

/**
 * Every secret-looking value in a resolved config: values of secret-named keys (clientSecret,
 * password, token, apiKey, authorization...), the credential part of `Bearer xyz` values, URL
 * passwords (`postgres://user:PASS@host`) and secret-named URL query parameters.
 */
export function collectSecrets(config: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, secretContext: boolean, depth: number): void => {
    if (depth > 64) return;
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value);
      if (secretContext && text) {
        found.add(text);
        const credential = /^(?:bearer|basic|token)\s+(\S+)$/i.exec(text);
        if (credential) found.add(credential[1]!);
      }
      if (typeof value === 'string') for (const secret of secretsInValue(value)) found.add(secret);
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item, secretContext, depth + 1);
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, secretContext || isSecretKey(key), depth + 1);
    }
  };
  visit(config, false, 0);
  return [...found];
}

/** A copy of a config that is safe to print: secret-keyed values and secret text replaced. */
export function redactConfig<T>(config: T, secrets: readonly string[]): T {
  const set = new SecretSet(secrets);
  return redactValue(config, set);
}

export { REDACTED };
