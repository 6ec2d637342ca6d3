import { errors } from '../../errors/errors.js';

export interface PoolLimits {
  /** Genesys refuses a subscription list longer than this. @default 1000 */
  maxTopicsPerChannel: number;
  /** Genesys keeps this many channels per OAuth client; the next evicts one. @default 20 */
  maxChannels: number;
}

export const genesysLimits: PoolLimits = { maxTopicsPerChannel: 1000, maxChannels: 20 };

/** Throws `errors.configLimits` when `count` subscriptions cannot fit one OAuth client. */
export function checkCapacity(count: number, limits: PoolLimits = genesysLimits): number {
  const channels = Math.ceil(count / limits.maxTopicsPerChannel);
  if (channels > limits.maxChannels) {
    const clients = Math.ceil(channels / limits.maxChannels);
    throw errors.configLimits(
      `${count} topics need ${channels} channels of ${limits.maxTopicsPerChannel} topics, but an OAuth client may hold ${limits.maxChannels} channels (${limits.maxChannels * limits.maxTopicsPerChannel} topics). Narrow \`queues:\`/\`users:\`/\`topics:\`, or split the pipeline across ${clients} OAuth clients.`,
      { topics: count, channelsNeeded: channels, clientsNeeded: clients },
    );
  }
  return channels;
}

/**
 * Which topic is subscribed on which slot. A slot is a logical channel: its topics stay put while
 * the channel serving it is replaced (`channelReplacement.ts` reads them from here for every new
 * channel), so a turnover can never lose or move a topic. Which channel serves a slot is run-time
 * state of the slot itself (`slot.ts`). Pure bookkeeping, no I/O.
 */
export class ChannelPool {
  private readonly slots: Array<Set<string>> = [];
  private readonly slotByTopic = new Map<string, number>();

  constructor(readonly limits: PoolLimits = genesysLimits) {}

  /** Spreads the initial subscriptions evenly over as few slots as the limits allow. */
  static plan(ids: readonly string[], limits: PoolLimits = genesysLimits): ChannelPool {
    const pool = new ChannelPool(limits);
    const unique = [...new Set(ids)];
    const slots = Math.max(1, checkCapacity(unique.length, limits));
    const per = Math.ceil(unique.length / slots);
    for (let i = 0; i < slots; i++) pool.slots.push(new Set());
    unique.forEach((id, i) => pool.place(id, Math.floor(i / per)));
    return pool;
  }

  get slotCount(): number {
    return this.slots.length;
  }

  topicsOf(slot: number): string[] {
    return [...(this.slots[slot] ?? [])];
  }

  has(id: string): boolean {
    return this.slotByTopic.has(id);
  }

  /** How many subscriptions the pool holds. */
  get size(): number {
    return this.slotByTopic.size;
  }

  allTopics(): string[] {
    return [...this.slotByTopic.keys()];
  }

  /**
   * Adds subscriptions to the least loaded slot with room, opening slots up to the channel limit.
   * Returns the slots that changed and the ids that did not fit anywhere.
   */
  add(ids: readonly string[]): { changed: Set<number>; overflow: string[] } {
    const changed = new Set<number>();
    const overflow: string[] = [];
    for (const id of ids) {
      if (this.slotByTopic.has(id)) continue;
      let best = -1;
      for (let s = 0; s < this.slots.length; s++) {
        const size = this.slots[s]!.size;
        if (size < this.limits.maxTopicsPerChannel && (best < 0 || size < this.slots[best]!.size)) best = s;
      }
      if (best < 0 && this.slots.length < this.limits.maxChannels) {
        this.slots.push(new Set());
        best = this.slots.length - 1;
      }
      if (best < 0) overflow.push(id);
      else {
        this.place(id, best);
        changed.add(best);
      }
    }
    return { changed, overflow };
  }

  remove(ids: readonly string[]): Set<number> {
    const changed = new Set<number>();
    for (const id of ids) {
      const slot = this.slotByTopic.get(id);
      if (slot === undefined) continue;
      this.slots[slot]!.delete(id);
      this.slotByTopic.delete(id);
      changed.add(slot);
    }
    return changed;
  }

  private place(id: string, slot: number): void {
    this.slots[slot]!.add(id);
    this.slotByTopic.set(id, slot);
  }
}
