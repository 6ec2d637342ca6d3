import { backoffDelay } from '../../retry/backoff.js';
import { replaceChannel } from './channelReplacement.js';
import { concreteTopics, type Slot, type SlotHost } from './slot.js';

/**
 * An unplanned loss: the socket closed, errored or went silent. Its topics are down (a gap opens)
 * until a new channel is live; the slot reconnects after a jittered, growing backoff.
 */
export function onSocketDown(host: SlotHost, slot: Slot, key: string, why: string, lastFrameAt: number): void {
  const { deps } = host;
  if (deps.isDone()) return;
  const current = slot.current?.key === key ? slot.current : undefined;
  host.gaps.socketDown(
    slot.index,
    key,
    concreteTopics(deps, slot),
    lossStart({
      now: deps.time.now(),
      lastFrame: deps.time.at(lastFrameAt),
      lag: current ? deps.receiveLag?.(current.channel.id) : undefined,
      liveSince: current ? Math.min(deps.time.at(slot.liveSince), slot.lastGapEnd ?? Number.POSITIVE_INFINITY) : undefined,
    }),
  );
  host.updateSocketGauge();
  if (!current) return; // a socket already replaced: nothing to reconnect
  slot.failures = failuresAfterLoss(slot.failures, deps.localNow() - slot.liveSince, deps.options.reconnect.maxDelay);
  deps.ctx.logger.warn({ slot: slot.index, socket: key, why }, 'socket down; reconnecting');
  slot.current = undefined;
  slot.expiry?.unsubscribe();
  reconnect(host, slot);
}

/**
 * When a lost socket stopped delivering (server ms). A silent socket was lost when it went quiet,
 * not when the watchdog noticed (35 s later): at its last frame. And when the client ran behind,
 * that frame was sent `lag` before it arrived, and what the server sent after it was still queued
 * and went with the socket (see `receiveLag.ts`); never before the socket took over (`liveSince`),
 * where the previous gap ended.
 */
export function lossStart(at: { now: number; lastFrame: number; lag?: number; liveSince?: number }): number {
  const arrived = Math.min(at.now, at.lastFrame);
  if (!at.lag) return arrived;
  return Math.min(arrived, Math.max(arrived - at.lag, at.liveSince ?? Number.NEGATIVE_INFINITY));
}

/**
 * A socket that stayed up this long (local ms, or the backoff cap if that is shorter) was a working
 * connection: the next loss backs off from the start. Counting only sockets that outlived the
 * cap (30 s) made losses a few seconds apart (a flaky network, drops while Genesys is silent)
 * grow the wait to 16-30 s although every socket had come up at once; a socket that dies as soon
 * as it is up still backs off further each time.
 */
export const STABLE_AFTER_MS = 5_000;

/** Unplanned losses in a row, counting the one of a socket that was up `upMs`. */
export function failuresAfterLoss(failures: number, upMs: number, maxDelay: number): number {
  return upMs >= Math.min(STABLE_AFTER_MS, maxDelay) ? 0 : failures;
}

/**
 * Waits a jittered backoff before the first attempt too: after a mass drop (maintenance) every
 * client reconnecting at once would hit the service in lockstep.
 */
export function reconnect(host: SlotHost, slot: Slot): void {
  const { initialDelay, maxDelay } = host.deps.options.reconnect;
  if (slot.replacing || host.deps.isDone()) return;
  const pause = backoffDelay(slot.failures++, { initialDelay, maxDelay, random: host.deps.ctx.random });
  replaceChannel(host, slot, 'reconnect', { pause });
}
