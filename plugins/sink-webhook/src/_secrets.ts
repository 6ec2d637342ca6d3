import { collectSecrets } from '@gcstream/core';
import type { WebhookOptions } from './options.js';

/** Header names that carry credentials even when core's secret-key rule does not name them. */
const CREDENTIAL_HEADER = /auth|cookie|session|signature|key|token|secret|password/i;

/**
 * The values of this sink's config that must never be printed: the signing secret, credentials
 * in headers (`Authorization`, `X-Api-Key`, `Cookie`, ...) and their `Bearer` parts, and URL
 * passwords or secret query parameters.
 */
export function webhookSecrets(config: WebhookOptions): string[] {
  const found = new Set(collectSecrets({ url: config.url, headers: config.headers, secret: config.secret }));
  for (const [name, value] of Object.entries(config.headers)) {
    if (!CREDENTIAL_HEADER.test(name) || !value) continue;
    found.add(value);
    const credential = /^\S+\s+(\S+)$/.exec(value);
    if (credential) found.add(credential[1]!);
  }
  return [...found];
}
