import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A page that stops reading (a laptop asleep with its connection still open) would otherwise
 * make the server buffer every update for it without end. Past this much unsent, it is dropped:
 * when it wakes, its EventSource reconnects and gets a fresh snapshot, which is all it needs.
 */
export const MAX_UNSENT_BYTES = 1 << 20;

/**
 * The pages connected to `/events`, as Server-Sent Events. SSE rather than a WebSocket because the
 * wallboard only listens, and EventSource reconnects by itself after a network drop or a server
 * restart; every (re)connection starts with a full snapshot, so a page never misses a delta.
 */
export class EventStream {
  private readonly pages = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;

  /**
   * @param snapshot what a page gets first on each connection
   * @param heartbeat the message sent every `heartbeatMs`: a page that stops hearing it marks itself stale
   */
  constructor(
    private readonly snapshot: () => unknown,
    heartbeat: () => unknown,
    heartbeatMs: number,
  ) {
    this.timer = setInterval(() => this.send('heartbeat', heartbeat()), heartbeatMs);
    // A wallboard alone must not keep a finished pipeline's process alive.
    this.timer.unref();
  }

  attach(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // A HEAD has no body to stream: left open, it would never answer (Node sends its headers with
    // the first body write) and would hold its connection, and a place among the pages, for good.
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // A short retry: after a server restart the wall is live again within a second or so.
    res.write(`retry: 1000\n\n${frame('snapshot', this.snapshot())}`);
    this.pages.add(res);
    const drop = () => this.pages.delete(res);
    req.on('close', drop);
    res.on('error', drop);
  }

  send(event: string, data: unknown): void {
    if (this.pages.size === 0) return;
    const text = frame(event, data);
    for (const page of this.pages) {
      if (page.writableLength > MAX_UNSENT_BYTES) {
        this.pages.delete(page);
        page.destroy();
      } else page.write(text);
    }
  }

  get connected(): number {
    return this.pages.size;
  }

  /** Ends every page's stream: their EventSource sees the end and starts reconnecting. */
  close(): void {
    clearInterval(this.timer);
    for (const page of this.pages) page.end();
    this.pages.clear();
  }
}

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
