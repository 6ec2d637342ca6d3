import { atServerTime } from './serverTimer.js';
import type { Slot, SlotHost } from './slot.js';

/**
 * Turns the slot over before its channel expires (Genesys gives a channel 24 h), `rolloverBefore`
 * ahead, so the replacement is live while the old channel still delivers. The channel's expiry is
 * in server time, and so is the timer.
 */
export function scheduleExpiry(host: SlotHost, slot: Slot): void {
  const { deps } = host;
  slot.expiry?.unsubscribe();
  const expires = Date.parse(slot.current?.channel.expires ?? '');
  if (Number.isNaN(expires)) return;
  const remaining = expires - deps.time.now();
  // A channel shorter-lived than rolloverBefore (the emulator's) still gets half its life.
  const lead = Math.min(deps.options.rolloverBefore, remaining / 2);
  slot.expiry = atServerTime(deps.time, expires - lead, deps.scheduler).subscribe(() => host.turnOver(slot, 'expiry'));
}
