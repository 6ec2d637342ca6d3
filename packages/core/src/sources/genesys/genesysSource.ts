import type { Logger } from 'pino';
import { Observable, type SchedulerLike } from 'rxjs';
import type { Metrics } from '../../metrics/metrics.js';
import type { DirectoryWriter } from '../../model/directory.js';
import type { RawFrame } from '../../model/events.js';
import type { PoolLimits } from './channelPool.js';
import type { GenesysSourceConfig } from './genesysOptions.js';
import { SourceRun } from './sourceRun.js';

/** The server's clock when it is not the wall clock: the emulator can run simulated time faster. */
export interface ServerClock {
  /** Server epoch ms. */
  now(): number;
  /** Server ms per local ms. */
  readonly speed: number;
}

export interface SourceContext {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Timers (pings, watchdog, backoff, rollovers) run here; tests pass a virtual one. */
  readonly scheduler?: SchedulerLike;
  /** HTTP client for login and REST. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Called with every access token so the logger can redact it. */
  registerSecret?(value: string): void;
  /** Set when talking to the emulator with a speed factor. @default the wall clock */
  readonly serverClock?: ServerClock;
  /** Random source for jitter; tests inject a fixed one. @default Math.random */
  readonly random?: () => number;
  /** Overrides the Genesys channel limits (tests). */
  readonly limits?: Partial<PoolLimits>;
  /** Filled with the names of the queues and users discovered while expanding topic templates. */
  readonly directory?: DirectoryWriter;
}

export type SourceState = 'idle' | 'starting' | 'running' | 'stopped' | 'failed';

export interface ChannelStatus {
  readonly slot: number;
  readonly channelId?: string;
  readonly topics: number;
  readonly connected: boolean;
  /** ISO-8601, as the server gave it. */
  readonly expires?: string;
}

export interface SourceStatus {
  readonly state: SourceState;
  readonly channels: readonly ChannelStatus[];
  /** Subscribed topic ids (a combined user topic counts once). */
  readonly topics: number;
  readonly connectedSockets: number;
  readonly gaps: { readonly open: number; readonly closed: number; readonly totalMs: number };
  readonly reconnects: number;
  readonly rollovers: number;
  readonly backfilled: number;
  readonly framesReceived: number;
}

export interface GenesysSource {
  /**
   * Cold: subscribing logs in, discovers queues and users, opens the channels and sockets;
   * unsubscribing closes everything. System frames are handled here and not emitted.
   */
  readonly frames$: Observable<RawFrame>;
  status(): SourceStatus;
}

/** The resilient Genesys Cloud notification source. */
export function createGenesysSource(options: GenesysSourceConfig, ctx: SourceContext): GenesysSource {
  let latest: SourceRun | undefined;
  const frames$ = new Observable<RawFrame>((subscriber) => {
    const run = new SourceRun(options, ctx, subscriber);
    latest = run;
    run.start().catch((error: unknown) => run.fail(error));
    return () => run.stop();
  });
  return {
    frames$,
    status: () => (latest ? latest.status() : SourceRun.idleStatus()),
  };
}
