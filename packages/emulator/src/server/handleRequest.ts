import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RateLimiter } from '../auth/rateLimiter.js';
import type { TokenStore } from '../auth/tokenStore.js';
import type { FaultController } from '../faults/faultController.js';
import { sendGenesysError } from './http.js';
import type { EmulatorLogger } from './options.js';
import type { createRouter } from './router.js';

export interface RequestDeps {
  router: ReturnType<typeof createRouter>;
  tokens: TokenStore;
  limiter: RateLimiter;
  faults: FaultController;
  logger: EmulatorLogger | undefined;
}

const TOKEN_PROBLEM = {
  unknown: 'Invalid login credentials: the bearer token is not one this server issued. Log in again.',
  expired: 'The bearer token has expired. Get a new token with the client-credentials grant.',
  revoked: 'The bearer token was revoked. Get a new token with the client-credentials grant.',
} as const;

/** The request pipeline: route, authenticate, rate-limit, run the handler, turn failures into Genesys errors. */
export async function handleRequest(req: IncomingMessage, res: ServerResponse, deps: RequestDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const debug = deps.logger?.debug;
  if (debug) res.once('finish', () => debug.call(deps.logger, { method: req.method, path: url.pathname, status: res.statusCode }, 'emulator request'));
  const match = deps.router.match(req.method ?? 'GET', url.pathname);
  if (match.kind === 'not-found') return sendGenesysError(res, 404, 'not.found', `No resource at ${url.pathname}.`);
  if (match.kind === 'method-not-allowed') {
    return sendGenesysError(res, 405, 'method.not.allowed', `${req.method} is not allowed on ${url.pathname}; use ${match.allowed.join(', ')}.`, { allow: match.allowed.join(', ') });
  }
  let token;
  if (match.route.auth === 'bearer') {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!bearer) return sendGenesysError(res, 401, 'unauthorized', 'No authentication bearer token specified in the Authorization header.');
    const check = deps.tokens.check(bearer[1] ?? '');
    if (!check.ok) return sendGenesysError(res, 401, 'unauthorized', TOKEN_PROBLEM[check.reason]);
    token = check.token;
    const injected = deps.faults.takeRest429();
    const decision = injected === undefined ? deps.limiter.take(token.value) : { ok: false as const, retryAfterSec: injected };
    if (!decision.ok) {
      return sendGenesysError(res, 429, 'too.many.requests.retry.after', `Rate limit exceeded the maximum; retry the request in [${decision.retryAfterSec}] seconds.`, {
        'retry-after': String(decision.retryAfterSec),
      });
    }
  }
  try {
    await match.route.handler({ req, res, url, params: match.params, ...(token ? { token } : {}) });
  } catch (error) {
    if (res.headersSent) return void res.destroy();
    if (error instanceof SyntaxError || error instanceof RangeError) return sendGenesysError(res, 400, 'bad.request', `The request body is not valid: ${error.message}.`);
    deps.logger?.error({ err: error, path: url.pathname }, 'emulator request failed');
    sendGenesysError(res, 500, 'internal.server.error', 'The emulator failed to handle this request; see its log.');
  }
}
