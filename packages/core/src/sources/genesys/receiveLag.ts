import { conversationEventTime } from '../../model/schemas/eventTime.js';

/** Frames per channel whose lag is remembered: the newest few, so the estimate follows a backlog. */
const RECENT = 16;

/**
 * How far behind the server each channel's live conversation frames arrived, for the start of the
 * gap its socket leaves. When the client runs behind (a busy host, a long backfill page), what the
 * server sent after the last frame that arrived is still queued on its side of the connection and
 * dies with the socket: the loss began when that frame was sent, not when it arrived. In a chaos
 * run the lag before a drop was 0.6-1.3 s of wall time at speed 60 (37-75 simulated s, beyond the
 * 30 s margin), and conversations that started in those seconds were found by neither the lookup
 * of those in progress (never seen) nor the query by start time.
 *
 * A snapshot's newest timestamp is no later than when it was sent, so arrival minus it bounds each
 * frame's lag from above; most snapshots are sent for a change they timestamp, so the smallest
 * bound of the last few frames is close to the lag itself. Unlike the newest timestamp seen, it
 * does not reach back over a quiet spell: a socket whose last event came an hour ago still has
 * the small lag it had then.
 */
export class ReceiveLag {
  /** Channel id -> its newest live snapshots and when each arrived (server ms), oldest first; insertion order is age. */
  private readonly recent = new Map<string, Array<{ body: Record<string, unknown>; arrivedAt: number }>>();

  /** @param maxChannels channels remembered (Genesys allows 20 per client); the oldest goes first. */
  constructor(private readonly maxChannels = 64) {}

  /**
   * A conversation snapshot arrived live on `channelId` at `arrivedAt` (server ms). Only kept: its
   * time is read when a socket is lost, not for every frame (decode reads it again downstream).
   */
  offer(channelId: string, body: Record<string, unknown>, arrivedAt: number): void {
    if (!Array.isArray(body.participants)) return;
    let frames = this.recent.get(channelId);
    if (frames === undefined) {
      if (this.recent.size >= this.maxChannels) this.recent.delete(this.recent.keys().next().value!);
      this.recent.set(channelId, (frames = []));
    }
    if (frames.length >= RECENT) frames.shift();
    frames.push({ body, arrivedAt });
  }

  /**
   * The channel's lag (server ms) by its newest frames, and forgets them: the channel's next
   * socket (a channel may be served by several in turn) starts afresh. Undefined when none told.
   */
  take(channelId: string): number | undefined {
    const frames = this.recent.get(channelId);
    this.recent.delete(channelId);
    let lag: number | undefined;
    for (const { body, arrivedAt } of frames ?? []) {
      const sentBy = conversationEventTime(body);
      if (sentBy !== undefined) lag = Math.min(lag ?? Number.POSITIVE_INFINITY, Math.max(0, arrivedAt - sentBy));
    }
    return lag;
  }
}
