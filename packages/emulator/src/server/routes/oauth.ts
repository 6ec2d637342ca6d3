import { timingSafeEqual } from 'node:crypto';
import { readBody, sendJson } from '../http.js';
import type { Route } from '../router.js';
import type { TokenStore } from '../../auth/tokenStore.js';
import type { FaultController } from '../../faults/faultController.js';

export interface OAuthDeps {
  tokens: TokenStore;
  faults: FaultController;
  clientId: string;
  clientSecret: string;
}

/** OAuth error bodies carry Genesys's `description` and the standard `error_description`. */
function oauthError(res: Parameters<typeof sendJson>[0], status: number, error: string, description: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error, description, error_description: description }, headers);
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `POST /oauth/token`: the client-credentials grant, Basic auth with a form body. */
export function oauthRoutes(deps: OAuthDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/oauth/token',
      auth: 'none',
      async handler({ req, res }) {
        const form = new URLSearchParams(await readBody(req));
        const retryAfter = deps.faults.takeToken429();
        if (retryAfter !== undefined) {
          return oauthError(res, 429, 'too_many_requests', `Rate limit exceeded; retry after ${retryAfter} s.`, { 'retry-after': String(retryAfter) });
        }
        const grant = form.get('grant_type');
        if (grant !== 'client_credentials') {
          return oauthError(res, 400, 'unsupported_grant_type', `grant_type must be client_credentials, got ${grant ?? 'none'}.`);
        }
        let id = form.get('client_id');
        let secret = form.get('client_secret');
        const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
        if (basic) {
          const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
          const colon = decoded.indexOf(':');
          if (colon > 0) [id, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
        }
        if (!id || secret === null) {
          return oauthError(res, 400, 'invalid_client', 'No client credentials: send Authorization: Basic base64(clientId:clientSecret).');
        }
        if (!same(id, deps.clientId) || !same(secret, deps.clientSecret)) {
          return oauthError(res, 401, 'invalid_client', 'Client authentication failed: unknown client id or wrong secret.');
        }
        const token = deps.tokens.issue(id);
        sendJson(res, 200, { access_token: token.value, token_type: 'bearer', expires_in: deps.tokens.lifetimeSec });
      },
    },
  ];
}
