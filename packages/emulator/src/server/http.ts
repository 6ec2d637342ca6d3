import type { IncomingMessage, ServerResponse } from 'node:http';

/** The largest request body the emulator reads; Genesys rejects far smaller bodies than this. */
const MAX_BODY_BYTES = 1 << 20;

/** Genesys error codes the emulator answers with. */
export type GenesysErrorCode =
  | 'bad.request'
  | 'not.found'
  | 'unauthorized'
  | 'too.many.requests.retry.after'
  | 'method.not.allowed'
  | 'internal.server.error';

/** Sends a JSON body. `inin-correlation-id` is already set by the server for every response. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The error body every Genesys REST error carries: `{message, code, status, contextId, details, errors}`. */
export function sendGenesysError(
  res: ServerResponse,
  status: number,
  code: GenesysErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  const contextId = String(res.getHeader('inin-correlation-id') ?? '');
  sendJson(res, status, { message, code, status, contextId, details: [], errors: [] }, headers);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RangeError(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body; `undefined` for an empty one, a `SyntaxError` for bad JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
}
