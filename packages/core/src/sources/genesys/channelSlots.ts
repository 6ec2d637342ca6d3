import { replaceChannel } from './channelReplacement.js';
import { GapTracker } from './gapTracker.js';
import { onSocketDown, reconnect } from './reconnect.js';
import { concreteTopics, type ChannelSlotsDeps, type PlannedReason, type Slot, type SlotHost } from './slot.js';
import { sourceMetricNames as M } from './sourceMetrics.js';
import type { ChannelStatus } from './sourceStatus.js';
import { syncSubscriptions } from './subscriptionSync.js';
import { onSystemNotification, turnOver } from './turnover.js';

export type { ChannelSlotsDeps, Slot } from './slot.js';

/**
 * Keeps every slot of the pool served by a live socket. Each lifecycle has its own file:
 * `channelReplacement.ts` (new channel live before the old one goes), `reconnect.ts` (unplanned
 * loss, backoff), `turnover.ts` (announced turnover), `expiryTimer.ts` (before the channel
 * expires), `subscriptionSync.ts` (topic list changes) and `gapTracker.ts` (no live socket).
 */
export class ChannelSlots implements SlotHost {
  private readonly slots: Slot[] = [];
  readonly gaps = new GapTracker();
  private socketSeq = 0;
  pendingChannels = 0;

  constructor(readonly deps: ChannelSlotsDeps) {}

  get slotCount(): number {
    return this.slots.length;
  }

  get(index: number): Slot | undefined {
    return this.slots[index];
  }

  /**
   * Opens the next slot. With `downSince` (server ms: a run resuming after one that was connected
   * until then), its topics start with a gap from that time, closed by its first live socket.
   */
  open(downSince?: number): Slot {
    const slot: Slot = { index: this.slots.length, syncing: false, dirty: false, replacementStale: false, failures: 0, liveSince: 0 };
    this.slots.push(slot);
    if (downSince !== undefined) this.gaps.down(slot.index, concreteTopics(this.deps, slot), downSince);
    replaceChannel(this, slot, 'start');
    return slot;
  }

  /** Closes every socket and cancels every timer. */
  closeAll(): void {
    for (const slot of this.slots) {
      slot.replacing?.unsubscribe();
      slot.expiry?.unsubscribe();
      slot.current?.socket.close();
    }
    this.gaps.forgetSockets();
    this.deps.ctx.metrics.set(M.sockets, 0);
  }

  connectedSockets(): number {
    return this.gaps.liveSockets();
  }

  status(): ChannelStatus[] {
    return this.slots.map((s) => ({
      slot: s.index,
      channelId: s.current?.channel.id,
      topics: this.deps.pool.topicsOf(s.index).length,
      connected: this.gaps.liveSockets(s.index) > 0,
      expires: s.current?.channel.expires,
    }));
  }

  nextSocketKey(channelId: string): string {
    return `${channelId}#${++this.socketSeq}`;
  }

  reconnect(slot: Slot): void {
    reconnect(this, slot);
  }

  turnOver(slot: Slot, reason: PlannedReason): void {
    turnOver(this, slot, reason);
  }

  onSystem(slot: Slot, key: string, topicName: string): void {
    onSystemNotification(this, slot, key, topicName);
  }

  onDown(slot: Slot, key: string, why: string, lastFrameAt: number): void {
    onSocketDown(this, slot, key, why, lastFrameAt);
  }

  /** Pushes a slot's topic list to its channel; see `subscriptionSync.ts`. */
  sync(slot: Slot): void {
    syncSubscriptions(this, slot);
  }

  updateSocketGauge(): void {
    this.deps.ctx.metrics.set(M.sockets, this.connectedSockets());
  }
}
