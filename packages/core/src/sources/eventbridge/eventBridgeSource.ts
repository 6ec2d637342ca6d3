import type { Logger } from 'pino';
import { Observable, merge } from 'rxjs';
import { errors } from '../../errors/errors.js';
import type { Metrics } from '../../metrics/metrics.js';
import type { RawFrame } from '../../model/events.js';
import { closable } from '../_closable.js';
import type { Source, SourceState, SourceStatusBase } from '../source.js';
import { fileFrames } from './_file.js';
import { httpFrames, type ListeningAddress } from './_http.js';
import { eventBridgeSourceSchema, isLoopback, type EventBridgeSourceInput } from './eventBridgeOptions.js';

export type { ListeningAddress } from './_http.js';

export interface EventBridgeSourceContext {
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Receive time of each frame. @default Date.now */
  readonly now?: () => number;
}

/** What the EventBridge source reports; `running` once the endpoint listens (at once for a file). */
export type EventBridgeSourceStatus = SourceStatusBase;

export interface EventBridgeSource extends Source<EventBridgeSourceStatus> {
  readonly kind: 'eventbridge';
  /**
   * Frames with `source: 'eventbridge'`, in EventBridge form; pipe them through `decode`. Cold:
   * the file is read and the server listens while it is subscribed. The file part completes at
   * the end of the file; the HTTP part runs until unsubscribed.
   */
  readonly frames$: Observable<RawFrame>;
  /** Resolves with the bound address once the HTTP endpoint listens (only when `http` is set). */
  readonly listening?: Promise<ListeningAddress>;
}

/**
 * The second way Genesys Cloud delivers its events: through Amazon EventBridge. Reads an NDJSON
 * export and/or serves an endpoint for an EventBridge API destination, feeding the same `decode`
 * and pipeline as the WebSocket source.
 */
export function createEventBridgeSource(options: EventBridgeSourceInput, ctx: EventBridgeSourceContext = {}): EventBridgeSource {
  const parsed = eventBridgeSourceSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'source.eventbridge'}: ${issue.message}`);
    throw errors.eventBridge(`invalid options: ${problems.join('; ')}`);
  }
  const config = parsed.data;
  const now = ctx.now ?? Date.now;
  const parts: Observable<RawFrame>[] = [];
  if (config.file !== undefined) parts.push(fileFrames(config.file, now));

  let listening: Promise<ListeningAddress> | undefined;
  if (config.http !== undefined) {
    let resolve!: (address: ListeningAddress) => void;
    let reject!: (error: unknown) => void;
    listening = new Promise<ListeningAddress>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A caller that never awaits `listening` still learns of a listen failure through frames$.
    listening.catch(() => undefined);
    const http = config.http;
    if (http.apiKey === undefined && !isLoopback(http.host)) {
      ctx.logger?.warn(
        { host: http.host, port: http.port },
        `EventBridge endpoint on ${http.host} accepts posts WITHOUT an API key (allowUnauthenticated: true): anyone who reaches this address can inject events. Set http.apiKey unless a proxy in front checks callers.`,
      );
    }
    parts.push(
      httpFrames(
        { port: http.port, host: http.host, path: http.path, apiKey: http.apiKey, apiKeyHeader: http.apiKeyHeader, maxBodyBytes: http.maxBodyBytes },
        now,
        (address) => {
          ctx.logger?.info({ url: address.url }, 'EventBridge endpoint listening');
          resolve(address);
        },
        reject,
        ctx.metrics,
      ),
    );
  }
  const tracked = tracking(parts.length === 1 ? parts[0]! : merge(...parts), listening);
  const { frames$, close } = closable(tracked.frames$);
  const source: EventBridgeSource = { kind: 'eventbridge', frames$, status: tracked.status, ready: () => tracked.status().state === 'running', close };
  return listening === undefined ? source : { ...source, listening };
}

/** Follows the latest subscription's state and frame count, for `status()` and readiness. */
function tracking(inner$: Observable<RawFrame>, listening: Promise<ListeningAddress> | undefined): { frames$: Observable<RawFrame>; status(): EventBridgeSourceStatus } {
  let state: SourceState = 'idle';
  let framesReceived = 0;
  let run = 0;
  const frames$ = new Observable<RawFrame>((subscriber) => {
    const mine = ++run;
    const set = (next: SourceState) => {
      if (mine === run) state = next;
    };
    framesReceived = 0;
    set(listening === undefined ? 'running' : 'starting');
    void listening?.then(
      () => state === 'starting' && set('running'),
      () => undefined,
    );
    const inner = inner$.subscribe({
      next: (frame) => {
        if (mine === run) framesReceived++;
        subscriber.next(frame);
      },
      error: (error: unknown) => {
        set('failed');
        subscriber.error(error);
      },
      complete: () => {
        set('stopped');
        subscriber.complete();
      },
    });
    return () => {
      inner.unsubscribe();
      if (state !== 'failed') set('stopped');
    };
  });
  return { frames$, status: () => ({ state, framesReceived }) };
}
