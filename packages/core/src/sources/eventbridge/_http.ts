import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Observable, type Subscriber } from 'rxjs';
import { errors } from '../../errors/errors.js';
import type { Metrics } from '../../metrics/metrics.js';
import type { RawFrame } from '../../model/events.js';
import { GENESYS_EVENTBRIDGE_SOURCE_PREFIX } from '../../operators/decode.js';

export interface HttpEndpointOptions {
  port: number;
  host: string;
  path: string;
  apiKey?: string;
  apiKeyHeader: string;
  maxBodyBytes: number;
}

export interface ListeningAddress {
  host: string;
  port: number;
  /** The full URL to give the EventBridge API destination (behind your TLS proxy). */
  url: string;
}

const CHANNEL_ID = 'eventbridge:http';

function reply(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function keyMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Why one item of a posted batch cannot be a Genesys event, or `undefined` when it can. */
function problemWith(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'is not a JSON object';
  const event = item as Record<string, unknown>;
  if (typeof event.topicName === 'string') return undefined; // an input transformer that sends only `detail`
  const detail = event.detail as Record<string, unknown> | undefined;
  if (typeof detail !== 'object' || detail === null) return 'has neither `detail` (EventBridge event) nor `topicName` (Genesys notification)';
  if (typeof event.source === 'string' && !event.source.startsWith(GENESYS_EVENTBRIDGE_SOURCE_PREFIX)) {
    return `comes from "${event.source}", not from Genesys Cloud (${GENESYS_EVENTBRIDGE_SOURCE_PREFIX}/...)`;
  }
  if (typeof detail.topicName !== 'string') return 'has no detail.topicName';
  return undefined;
}

async function handle(req: IncomingMessage, res: ServerResponse, options: HttpEndpointOptions, subscriber: Subscriber<RawFrame>, now: () => number, metrics?: Metrics): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0];
  if (path !== options.path) return reply(res, 404, { message: `no EventBridge endpoint at ${path}; post to ${options.path}` });
  if (req.method !== 'POST') return reply(res, 405, { message: 'EventBridge events are delivered with POST' }, { allow: 'POST' });
  if (options.apiKey !== undefined && !keyMatches(options.apiKey, req.headers[options.apiKeyHeader.toLowerCase()])) {
    metrics?.inc('gcstream_eventbridge_rejected_total', { reason: 'unauthorized' });
    return reply(res, 401, { message: `missing or wrong API key in header ${options.apiKeyHeader}; set it on the EventBridge connection` });
  }
  const text = await readBody(req, options.maxBodyBytes);
  if (text === undefined) {
    metrics?.inc('gcstream_eventbridge_rejected_total', { reason: 'too-large' });
    return reply(res, 413, { message: `body larger than ${options.maxBodyBytes} bytes; raise http.maxBodyBytes or send smaller batches` });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    metrics?.inc('gcstream_eventbridge_rejected_total', { reason: 'bad-request' });
    return reply(res, 400, { message: `body is not JSON (${(error as Error).message}); send one EventBridge event or an array of them` });
  }
  const batch = Array.isArray(body) ? body : [body];
  const problems = batch.flatMap((item, i) => {
    const problem = problemWith(item);
    return problem === undefined ? [] : [Array.isArray(body) ? `event ${i} ${problem}` : `event ${problem}`];
  });
  if (problems.length > 0) {
    metrics?.inc('gcstream_eventbridge_rejected_total', { reason: 'bad-request' });
    return reply(res, 400, { message: `rejected the whole batch: ${problems.slice(0, 5).join('; ')}`, problems });
  }
  if (subscriber.closed) return reply(res, 503, { message: 'gcstream is shutting down; retry later' });
  const receivedAt = now();
  // A single event is handed on as the text that arrived; batch items must be re-serialized.
  if (!Array.isArray(body)) subscriber.next({ data: text, channelId: CHANNEL_ID, receivedAt, source: 'eventbridge' });
  else for (const item of batch) subscriber.next({ data: JSON.stringify(item), channelId: CHANNEL_ID, receivedAt, source: 'eventbridge' });
  metrics?.inc('gcstream_eventbridge_received_total', undefined, batch.length);
  // Answer only now: the frames went downstream synchronously, so a 2xx means gcstream holds them.
  reply(res, 200, { accepted: batch.length });
}

/**
 * An HTTP endpoint shaped for an EventBridge API destination. The server listens while the
 * observable is subscribed; `onListening` learns the bound port (useful with port 0).
 */
export function httpFrames(options: HttpEndpointOptions, now: () => number, onListening: (address: ListeningAddress) => void, onListenError: (error: unknown) => void, metrics?: Metrics): Observable<RawFrame> {
  return new Observable<RawFrame>((subscriber) => {
    const server = createServer((req, res) => {
      handle(req, res, options, subscriber, now, metrics).catch((error: unknown) => {
        if (!res.headersSent) reply(res, 500, { message: `cannot handle the request: ${(error as Error)?.message ?? String(error)}` });
        else res.destroy();
      });
    });
    server.on('error', (cause: NodeJS.ErrnoException) => {
      const error = errors.listen('source:eventbridge', options.host, options.port, cause, 'pick another source.eventbridge.http.port (0 picks a free one), or stop the other process.');
      onListenError(error);
      subscriber.error(error);
    });
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      onListening({ host: options.host, port, url: `http://${host}:${port}${options.path}` });
    });
    return () => {
      server.close();
      server.closeAllConnections();
    };
  });
}
