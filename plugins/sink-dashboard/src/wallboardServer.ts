import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventStream } from './eventStream.js';

/** The page's files ship in the package's `public/` folder, beside `src/` and `dist/`. */
export const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

/** Read once at start: a handful of small files, and no path from a request ever reaches the disk. */
function loadAssets(title: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(PUBLIC_DIR)) {
    const type = TYPES[extname(name)];
    if (type === undefined) continue;
    let body = readFileSync(join(PUBLIC_DIR, name));
    // A function, not a string: in a replacement string `$&` or `$'` (as in an escaped "$'") would be read as a pattern.
    if (name === 'index.html') body = Buffer.from(body.toString('utf8').replaceAll('{{title}}', () => escapeHtml(title)));
    assets.set(`/${name}`, { type, body });
  }
  const index = assets.get('/index.html');
  if (index !== undefined) assets.set('/', index);
  return assets;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface WallboardServerOptions {
  readonly title: string;
  readonly stream: EventStream;
  /** The whole board as JSON, for `/api/snapshot` (scripts, other screens, tests). */
  readonly snapshot: () => unknown;
}

/** Routes: the page and its files, `/events` (SSE), `/api/snapshot`, `/healthz`. Read-only: GET and HEAD. */
export function createWallboardServer(options: WallboardServerOptions): Server {
  const assets = loadAssets(options.title);
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = pathOf(req.url);
    if (path === undefined) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request\n');
      return;
    }
    if (path === '/events') return options.stream.attach(req, res);
    if (path === '/api/snapshot') return sendJson(res, options.snapshot());
    if (path === '/healthz') return sendJson(res, { ok: true, pages: options.stream.connected });
    const asset = assets.get(path);
    if (asset === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    // no-cache: a wall screen left open for weeks picks up a new page after gcstream is upgraded.
    res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  });
}

/** The request's path; undefined for a URL that cannot be read (`//[`), which would throw out of the handler and end the process. */
function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://wallboard').pathname;
  } catch {
    return undefined;
  }
}

function sendJson(res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(body);
}
