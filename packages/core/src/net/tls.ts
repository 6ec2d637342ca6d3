/**
 * TLS certificate verification: always on, for Genesys Cloud and for every sink that speaks
 * HTTPS. A user who must talk to a server with a certificate Node cannot verify (a test proxy, a
 * receiver with a self-signed certificate) turns it off per component with
 * `insecureSkipTlsVerify: true`, and gcstream says so at every start, at warn level.
 */
import type { Agent } from 'undici';
import { GcsError, prefixed } from '../errors/errors.js';

/** OpenSSL's verification failures, as Node reports them in `error.code` (or a cause's). */
const VERIFY_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The verification code when `error` (or any error in its `cause` chain) is a failed TLS
 * certificate check, else undefined. Such a failure is a configuration problem: retrying cannot fix it.
 */
export function tlsVerifyFailure(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && VERIFY_CODES.has(e.code)) return e.code;
  }
  return undefined;
}

/** What happened to a server whose certificate cannot be verified, and the three ways out. */
export function tlsUntrustedReason(origin: string, code: string, option: string): string {
  return `the TLS certificate of ${origin} cannot be verified (${code}). Give the server a certificate from a trusted CA, or trust its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem; only for a test server, set ${option}: true.`;
}

/** The error that stops a source whose server's certificate cannot be verified. */
export function tlsUntrusted(scope: string, origin: string, code: string, option: string, cause?: unknown): GcsError {
  return new GcsError('GCS_USAGE', prefixed(scope, tlsUntrustedReason(origin, code, option)), { usage: true, cause, details: { origin, code } });
}

/** The warning logged at every start of a component that does not verify certificates. */
export function insecureTlsWarning(what: string, option: string): string {
  return `TLS certificate verification is OFF for ${what} (${option}: true): anyone on the network path can read and change what is sent, credentials included. Use it only with a test server.`;
}

let insecureClient: Promise<{ readonly agent: Agent; readonly fetch: typeof import('undici').fetch }> | undefined;

/**
 * A `fetch` that does not verify TLS certificates (for `insecureSkipTlsVerify: true` only). undici
 * is loaded on its first request: importing it took about 130 ms of every command's start, for an
 * option few pipelines set.
 */
export function insecureFetch(): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    insecureClient ??= import('undici').then(({ Agent, fetch: undiciFetch }) => ({ agent: new Agent({ connect: { rejectUnauthorized: false } }), fetch: undiciFetch }));
    const { agent, fetch: undiciFetch } = await insecureClient;
    return undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent });
  }) as unknown as typeof fetch;
}
