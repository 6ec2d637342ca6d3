/** One conversation's part of the live board (`live.ts`), and the scratch a record's part is read into. */
import { NONE } from '../_lists.js';

/**
 * What one conversation adds to the live picture right now, as flat lists in the order its
 * record lists them: a record that leaves them as they were (most do) is found so with a few
 * comparisons, and nothing is taken back and added again.
 */
export interface ConversationLive {
  // Each list is replaced (never changed in place) when a record changes it.
  /** queue|media of each visit still waiting, and its entry time at the same index. */
  waitingKeys: readonly string[];
  waitingAt: readonly number[];
  /** queue|media of each agent media alerting, and of each connected. */
  alerting: readonly string[];
  interacting: readonly string[];
  /** Pairs of queue id and user id: the agents alerted or connected on a queue. */
  busy: readonly string[];
}

/**
 * One list of a record's live part, filled in place record after record: most records leave the
 * part as it was, and then nothing is allocated. Copied (`kept`) only when it changed.
 */
class ScratchList<T> {
  private readonly items: T[] = [];
  n = 0;
  push(item: T): void {
    this.items[this.n++] = item;
  }
  same(as: readonly T[]): boolean {
    if (as.length !== this.n) return false;
    for (let i = 0; i < this.n; i++) if (as[i] !== this.items[i]) return false;
    return true;
  }
  kept(): readonly T[] {
    return this.n === 0 ? (NONE as readonly T[]) : this.items.slice(0, this.n);
  }
}

/** A record's live part as it is being read, before it is compared with the conversation's last one. */
export class ScratchLive {
  readonly waitingKeys = new ScratchList<string>();
  readonly waitingAt = new ScratchList<number>();
  readonly alerting = new ScratchList<string>();
  readonly interacting = new ScratchList<string>();
  readonly busy = new ScratchList<string>();
  clear(): void {
    this.waitingKeys.n = this.waitingAt.n = this.alerting.n = this.interacting.n = this.busy.n = 0;
  }
  kept(): ConversationLive {
    return { waitingKeys: this.waitingKeys.kept(), waitingAt: this.waitingAt.kept(), alerting: this.alerting.kept(), interacting: this.interacting.kept(), busy: this.busy.kept() };
  }
}
