import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessToken } from '../auth/tokenStore.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** Path parameters by name, from `:name` segments of the route. */
  readonly params: Readonly<Record<string, string>>;
  /** The bearer token, on routes that require one. */
  readonly token?: AccessToken;
}

export type Handler = (ctx: RequestContext) => void | Promise<void>;

export interface Route {
  readonly method: HttpMethod;
  /** A path such as `/api/v2/notifications/channels/:channelId/subscriptions`. */
  readonly path: string;
  /** Whether the route needs `Authorization: Bearer`, and so counts against the rate limit. */
  readonly auth: 'bearer' | 'none';
  readonly handler: Handler;
}

interface CompiledRoute extends Route {
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: readonly HttpMethod[] }
  | { kind: 'not-found' };

/** A small path router: exact segments and `:name` parameters, matched in registration order. */
export function createRouter(routes: readonly Route[]) {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    return { ...route, pattern: new RegExp(`^${source}/?$`), names };
  });

  return {
    match(method: string, pathname: string): RouteMatch {
      const allowed: HttpMethod[] = [];
      for (const route of compiled) {
        const m = route.pattern.exec(pathname);
        if (!m) continue;
        if (route.method !== method) {
          allowed.push(route.method);
          continue;
        }
        const params: Record<string, string> = {};
        route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
        return { kind: 'found', route, params };
      }
      return allowed.length ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
    },
  };
}
