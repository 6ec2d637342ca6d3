import { setSubscriptions } from '../../rest/notifications.js';
import type { Slot, SlotHost } from './slot.js';

/**
 * Pushes a slot's topic list to its channel when per-conversation topics come and go. Changes made
 * while a PUT is in flight are coalesced into one more. During a rollover the live channel gets
 * the change at once, and the replacement gets it before it takes over (`replacementStale`);
 * with no live channel (reconnecting) the replacement is subscribed with the whole list.
 */
export function syncSubscriptions(host: SlotHost, slot: Slot): void {
  const { deps } = host;
  slot.dirty = true;
  if (slot.replacing) slot.replacementStale = true;
  if (slot.syncing || !slot.current) return;
  slot.syncing = true;
  void (async () => {
    try {
      while (slot.dirty && slot.current && !deps.isDone()) {
        slot.dirty = false;
        await setSubscriptions(deps.rest, slot.current.channel.id, deps.pool.topicsOf(slot.index));
      }
    } catch (error) {
      if (!deps.isDone()) deps.ctx.logger.warn({ err: error, slot: slot.index }, 'subscription update failed; it is retried with the next change or rollover');
    } finally {
      slot.syncing = false;
    }
  })();
}
