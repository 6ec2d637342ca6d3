import { setSubscriptions } from '../../rest/notifications.js';
import type { Slot, SlotHost } from './slot.js';

/**
 * Pushes a slot's topic list to its channel when per-conversation topics come and go. Changes made
 * while a PUT is in flight are coalesced into one more; a slot being replaced gets its list with
 * the new channel instead (`dirty` tells the replacement to push again once it is done).
 */
export function syncSubscriptions(host: SlotHost, slot: Slot): void {
  const { deps } = host;
  slot.dirty = true;
  if (slot.syncing || slot.replacing || !slot.current) return;
  slot.syncing = true;
  void (async () => {
    try {
      while (slot.dirty && slot.current && !slot.replacing && !deps.isDone()) {
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
