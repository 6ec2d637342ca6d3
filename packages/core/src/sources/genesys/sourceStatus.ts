import type { SourceStatusBase } from '../source.js';

export interface ChannelStatus {
  readonly slot: number;
  readonly channelId?: string;
  readonly topics: number;
  readonly connected: boolean;
  /** ISO-8601, as the server gave it. */
  readonly expires?: string;
}

/** What the Genesys source reports: its channels, gaps and turnovers. */
export interface SourceStatus extends SourceStatusBase {
  readonly channels: readonly ChannelStatus[];
  /** Subscribed topic ids (a combined user topic counts once). */
  readonly topics: number;
  readonly connectedSockets: number;
  readonly gaps: {
    readonly open: number;
    readonly closed: number;
    readonly totalMs: number;
    /** Closed gaps not backfilled yet (queued, or failed and waiting for a retry), and the time they cover. */
    readonly unfilled: number;
    readonly unfilledMs: number;
    /** Gap time no backfill will cover (older than `backfillRetention`). */
    readonly lostMs: number;
  };
  /** What is failing and being retried (a token refresh, channel setup), in words; empty when all is well. */
  readonly problems: readonly string[];
  readonly reconnects: number;
  readonly rollovers: number;
  readonly backfilled: number;
}

export function idleStatus(): SourceStatus {
  return { state: 'idle', channels: [], topics: 0, connectedSockets: 0, gaps: { open: 0, closed: 0, totalMs: 0, unfilled: 0, unfilledMs: 0, lostMs: 0 }, problems: [], reconnects: 0, rollovers: 0, backfilled: 0, framesReceived: 0 };
}
