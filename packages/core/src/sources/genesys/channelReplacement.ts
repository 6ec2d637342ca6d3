import { defer, finalize, retry, switchMap, throwError, timer } from 'rxjs';
import { errors } from '../../errors/errors.js';
import { createChannel, setSubscriptions, type NotificationChannel } from '../../rest/notifications.js';
import { backoffRetryDelay } from '../../retry/backoff.js';
import { isFatal } from './_isFatal.js';
import { openChannelSocket } from './channelSocket.js';
import { scheduleExpiry } from './expiryTimer.js';
import { rollover } from './rollover.js';
import type { Live, ReplaceReason, Slot, SlotHost } from './slot.js';
import { sourceMetricNames as M } from './sourceMetrics.js';

export interface ReplaceOptions {
  /** Wait this long (local ms) before the first attempt. @default 0 */
  readonly pause?: number;
  /**
   * The channel may be kept and moved to a new socket instead of making a new one; it is, when a
   * new channel would take the client past its channel limit.
   */
  readonly mayReuse?: boolean;
}

/**
 * Brings up a new channel for the slot and only then lets the current one go (see `rollover`).
 * The one mechanism behind the first connection, reconnects and planned turnovers; retried with
 * backoff until it works or fails for a reason a retry cannot fix.
 */
export function replaceChannel(host: SlotHost, slot: Slot, reason: ReplaceReason, options: ReplaceOptions = {}): void {
  const { deps } = host;
  if (slot.replacing || deps.isDone()) return;
  const { initialDelay, maxDelay } = deps.options.reconnect;
  const retryDelay = backoffRetryDelay({ initialDelay, maxDelay, random: deps.ctx.random, scheduler: deps.scheduler });
  let mayReuse = options.mayReuse ?? false;
  const attempt = defer(() => {
    // Counted while a new channel exists beside the one it replaces (whose socket is still up).
    let counted = false;
    return rollover<NotificationChannel, Live>({
      open: async () => {
        const current = slot.current?.channel;
        if (current && mayReuse && slot.ttlMs !== undefined) {
          // With every channel of the client in use, a new one would evict one of our own
          // (Genesys removes the least recently used): a second socket takes over the same
          // channel instead, and the resubscribe renews its lifetime.
          if (host.slotCount + host.pendingChannels >= deps.pool.limits.maxChannels) return { ...current, expires: new Date(deps.time.now() + slot.ttlMs).toISOString() };
        }
        if (current) {
          host.pendingChannels++;
          counted = true;
        }
        if (reason === 'token_revoked') await deps.tokens.refresh();
        return createChannel(deps.rest);
      },
      makeLive: (channel) => makeLive(host, slot, channel),
      release: (live) => install(host, slot, live, reason),
    }).pipe(
      finalize(() => {
        if (counted) host.pendingChannels--;
      }),
    );
  });
  const sub = timer(options.pause ?? 0, deps.scheduler)
    .pipe(
      switchMap(() => attempt),
      retry({
        delay: (error: unknown, n) => {
          if (isFatal(error)) return throwError(() => error);
          mayReuse = false; // the kept channel may be what failed: the next attempt makes a new one if there is room
          deps.onSetupProblem(slot.index, `channel setup failing (${error instanceof Error ? error.message : String(error)}); retrying with backoff`);
          deps.ctx.logger.warn({ err: error, slot: slot.index, attempt: n, reason }, 'channel setup failed; retrying');
          return retryDelay(error, n);
        },
      }),
    )
    .subscribe({
      error: (error: unknown) => deps.fail(error),
      complete: () => {
        slot.replacing = undefined;
        deps.onSetupProblem(slot.index, undefined);
        if (slot.dirty) host.sync(slot);
        // the socket went down while its replacement was being made: start over
        if (!slot.current && !deps.isDone()) host.reconnect(slot);
      },
    });
  if (!sub.closed) slot.replacing = sub;
}

async function makeLive(host: SlotHost, slot: Slot, channel: NotificationChannel): Promise<Live> {
  const { deps } = host;
  slot.replacementStale = false;
  const rejected = await setSubscriptions(deps.rest, channel.id, deps.pool.topicsOf(slot.index));
  if (rejected.length) deps.ctx.logger.warn({ channel: channel.id, rejected: rejected.map((t) => ({ id: t.id, reason: t.rejectionReason })) }, 'topics rejected by Genesys Cloud');
  const key = host.nextSocketKey(channel.id);
  const id = channel.id;
  const socket = await openChannelSocket({
    connectUri: channel.connectUri,
    channelId: id,
    pingIntervalMs: deps.options.pingInterval,
    heartbeatTimeoutMs: deps.options.heartbeatTimeout,
    insecureSkipTlsVerify: deps.options.insecureSkipTlsVerify,
    scheduler: deps.scheduler,
    now: deps.localNow,
    onUpgrade: (date, sentAt, receivedAt) => deps.time.observe(date, sentAt, receivedAt),
    onData: (text, start, receivedAt) => deps.onData(id, text, start, receivedAt),
    onSystem: (topicName) => host.onSystem(slot, key, topicName),
    onDown: (why, lastFrameAt) => host.onDown(slot, key, why, lastFrameAt),
    // Installed by then, the socket ends the slot's gap with its first frame (see install).
    onFirstFrame: (receivedAt) => {
      if (slot.current?.key === key) closeGap(host, slot, deps.time.at(receivedAt));
    },
  });
  if (deps.isDone()) {
    // unsubscribed while connecting: nobody will install this socket
    socket.close();
    throw errors.channel('the source stopped while connecting');
  }
  // Topics learnt while it was being made went to the live channel; this one gets them before
  // it takes over, so no moment passes with them on neither.
  try {
    while (slot.replacementStale && !deps.isDone()) {
      slot.replacementStale = false;
      await setSubscriptions(deps.rest, channel.id, deps.pool.topicsOf(slot.index));
    }
  } catch (error) {
    socket.close();
    throw error;
  }
  return { channel, socket, key };
}

/** The slot delivers again at `at` (server ms): closes its gap, if it had one open, and hands it to backfill. */
function closeGap(host: SlotHost, slot: Slot, at: number): void {
  const { deps } = host;
  const gap = host.gaps.up(slot.index, at);
  if (!gap) return;
  slot.lastGapEnd = gap.to;
  deps.ctx.metrics.inc(M.gaps);
  deps.ctx.metrics.inc(M.gapMs, undefined, gap.to - gap.from);
  deps.ctx.logger.warn({ slot: slot.index, from: new Date(gap.from).toISOString(), ms: gap.to - gap.from, topics: gap.topics.length }, 'gap closed');
  deps.onGapClosed(gap);
}

/** The replacement is live: count it, close the slot's gap once it delivers, then let the old socket go. */
function install(host: SlotHost, slot: Slot, live: Live, reason: ReplaceReason): void {
  const { deps } = host;
  if (deps.isDone()) {
    live.socket.close();
    return;
  }
  if (live.socket.closed) throw errors.channel(`channel ${live.channel.id} closed before it could take over; trying another`);
  const old = slot.current;
  slot.current = live;
  slot.liveSince = deps.localNow();
  if (old?.channel.id !== live.channel.id) {
    const expires = Date.parse(live.channel.expires);
    if (!Number.isNaN(expires)) slot.ttlMs = expires - deps.time.now();
  }
  host.gaps.socketUp(slot.index, live.key);
  // A gap closes when the new socket delivers: now, if a frame came while it was being installed,
  // else at its first frame (a socket that connected while Genesys sent nothing carries nothing).
  const delivered = live.socket.firstFrameAt;
  if (delivered !== undefined) closeGap(host, slot, deps.time.at(delivered));
  if (old) {
    host.gaps.forgetSocket(slot.index, old.key);
    old.socket.close();
  }
  scheduleExpiry(host, slot);
  host.updateSocketGauge();
  if (reason === 'reconnect') deps.ctx.metrics.inc(M.reconnects);
  else if (reason !== 'start') deps.ctx.metrics.inc(M.rollovers);
  deps.ctx.logger.info({ slot: slot.index, channel: live.channel.id, replaced: old?.channel.id, reason }, 'channel live');
}
