import { replaceChannel } from './channelReplacement.js';
import { concreteTopics, type PlannedReason, type Slot, type SlotHost } from './slot.js';

/**
 * Planned turnover: Genesys announces it (`socket_closing`, `no_longer_subscribed`,
 * `token_revoked`) or the channel is about to expire. The replacement is made live before the old
 * socket goes, so no moment passes without one; dedupe removes the overlap's duplicates.
 */
export function turnOver(host: SlotHost, slot: Slot, reason: PlannedReason): void {
  // Whether to keep the channel (at the client's channel limit) is decided when the replacement
  // starts, counting the other turnovers in flight: see `channelReplacement.ts`.
  replaceChannel(host, slot, reason, reason === 'socket_closing' || reason === 'expiry' ? { mayReuse: true } : {});
}

/** A `v2.system.*` frame on one of the slot's sockets. */
export function onSystemNotification(host: SlotHost, slot: Slot, key: string, topicName: string): void {
  const { deps } = host;
  const current = slot.current?.key === key;
  deps.ctx.logger.info({ slot: slot.index, socket: key, topicName, current }, 'system notification');
  if (topicName === 'v2.system.socket_closing') {
    if (current) turnOver(host, slot, 'socket_closing');
  } else if (topicName.startsWith('v2.system.no_longer_subscribed')) {
    // The channel delivers nothing more: its topics are down until the replacement is live.
    host.gaps.socketDown(slot.index, key, concreteTopics(deps, slot), deps.time.now());
    if (current) turnOver(host, slot, 'no_longer_subscribed');
  } else if (topicName.startsWith('v2.system.token_revoked')) {
    if (current) turnOver(host, slot, 'token_revoked');
  }
}
