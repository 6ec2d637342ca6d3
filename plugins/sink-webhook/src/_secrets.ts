import { collectSecrets } from '@gcstream/core';
import type { WebhookOptions } from './options.js';

/** Header names that carry credentials even when core's secret-key rule does not name them. */
const CREDENTIAL_HEADER = /auth|cookie|session|signature|key|token|secret|password/i;

/**
 * The values of this sink's config that must never be printed: the signing secret, credentials
 * in headers (`Authorization`, `X-Api-Key`, `Cookie`, ...) and their `Bearer` parts, URL
 * passwords (and the Basic header they are sent in) or secret query parameters.
 */
export function webhookSecrets(config: WebhookOptions): string[] {
  const found = new Set(collectSecrets({ url: config.url, headers: config.headers, secret: config.secret }));
  const url = new URL(config.url);
  const basic = urlBasicAuth(url);
  if (basic) {
    found.add(basic);
    found.add(basic.slice('Basic '.length));
    if (url.password) found.add(percentDecoded(url.password));
  }
  for (const [name, value] of Object.entries(config.headers)) {
    if (!CREDENTIAL_HEADER.test(name) || !value) continue;
    found.add(value);
    const credential = /^\S+\s+(\S+)$/.exec(value);
    if (credential) found.add(credential[1]!);
  }
  return [...found];
}

/**
 * `Basic base64(user:password)` for a url with credentials (`https://user:pass@host/...`), or
 * undefined. The requests go to the url's origin, which has none: without this header they would
 * be sent without the credentials the url gives.
 */
export function urlBasicAuth(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  return `Basic ${Buffer.from(`${percentDecoded(url.username)}:${percentDecoded(url.password)}`).toString('base64')}`;
}

/** A url part as the user meant it; a stray `%` (not an escape) stays as written. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
