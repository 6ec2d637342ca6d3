import type { ChannelRegistry } from '../../channels/channelRegistry.js';
import type { FaultController } from '../../faults/faultController.js';
import type { TruthLog } from '../../truth/truthLog.js';
import type { TokenStore } from '../../auth/tokenStore.js';
import { readBody, sendGenesysError, sendJson } from '../http.js';
import type { Route } from '../router.js';
import type { EmulatorStats } from '../options.js';

export interface AdminDeps {
  truth: TruthLog;
  registry: ChannelRegistry;
  faults: FaultController;
  tokens: Pick<TokenStore, 'issued'>;
  stats(): EmulatorStats;
}

/** Faults from the body: a spec string as text, or JSON `{"faults": "..."}`, `{"faults": [...]}` or `[...]`. */
function specsFrom(text: string, contentType: string | undefined): string[] {
  if (!contentType?.includes('json')) return [text];
  const body = JSON.parse(text) as unknown;
  const faults = Array.isArray(body) ? body : (body as { faults?: unknown })?.faults;
  const list = typeof faults === 'string' ? [faults] : faults;
  if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) throw new SyntaxError('expected {"faults": "<spec>"} or a list of spec strings');
  return list as string[];
}

/** The emulator's own control API under `/_emulator/`: ground truth, faults and counters. No auth. */
export function adminRoutes(deps: AdminDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/_emulator/truth',
      auth: 'none',
      handler({ res, url }) {
        const from = Number(url.searchParams.get('from') ?? 0);
        const records = deps.truth.records(Number.isInteger(from) && from > 0 ? from : 0);
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        // Written in chunks so a long history does not build one giant string.
        for (let i = 0; i < records.length; i += 1000) {
          res.write(records.slice(i, i + 1000).map((r) => `${JSON.stringify(r)}\n`).join(''));
        }
        res.end();
      },
    },
    {
      method: 'GET',
      path: '/_emulator/status',
      auth: 'none',
      handler: ({ res }) => sendJson(res, 200, { ...deps.stats(), faultsFired: deps.faults.fired(), silent: deps.faults.silent, pending429: deps.faults.pending429(), frameFaults: deps.faults.frames }),
    },
    {
      // For harnesses that search a client's logs and files for a leaked bearer token.
      method: 'GET',
      path: '/_emulator/tokens',
      auth: 'none',
      handler: ({ res }) => sendJson(res, 200, { tokens: deps.tokens.issued() }),
    },
    {
      method: 'GET',
      path: '/_emulator/channels',
      auth: 'none',
      handler: ({ res }) =>
        sendJson(res, 200, {
          entities: deps.registry.list().map((c) => ({
            id: c.id,
            clientId: c.clientId,
            expires: new Date(c.expiresAt).toISOString(),
            connected: c.connection?.open === true,
            topics: [...c.topics.keys()],
          })),
        }),
    },
    {
      method: 'GET',
      path: '/_emulator/faults',
      auth: 'none',
      handler: ({ res }) => sendJson(res, 200, { fired: deps.faults.fired(), silent: deps.faults.silent, frameFaults: deps.faults.frames }),
    },
    {
      method: 'POST',
      path: '/_emulator/faults',
      auth: 'none',
      async handler({ req, res }) {
        const specs = specsFrom(await readBody(req), req.headers['content-type']);
        try {
          sendJson(res, 200, { applied: deps.faults.apply(specs) });
        } catch (error) {
          sendGenesysError(res, 400, 'bad.request', (error as Error).message);
        }
      },
    },
    {
      method: 'DELETE',
      path: '/_emulator/faults',
      auth: 'none',
      handler({ res }) {
        deps.faults.clear();
        res.writeHead(204).end();
      },
    },
  ];
}
