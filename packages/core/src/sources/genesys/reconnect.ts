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
  // A silent socket was lost when it went quiet, not when the watchdog noticed (35 s later).
  host.gaps.socketDown(slot.index, key, concreteTopics(deps, slot), Math.min(deps.time.now(), deps.time.at(lastFrameAt)));
  host.updateSocketGauge();
  if (slot.current?.key !== key) return; // a socket already replaced: nothing to reconnect
  if (deps.localNow() - slot.liveSince > deps.options.reconnect.maxDelay) slot.failures = 0;
  deps.ctx.logger.warn({ slot: slot.index, socket: key, why }, 'socket down; reconnecting');
  slot.current = undefined;
  slot.expiry?.unsubscribe();
  reconnect(host, slot);
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
