/**
 * The conversations the source has seen on queue conversation topics, live or backfilled: those
 * still in progress (with the queue they were seen on) and those it saw end. After a gap, backfill
 * brings the ones in progress up to date: they may have changed or ended while no socket was up,
 * and a details query by start time would not find them.
 */
export class ConversationTracker {
  /** Conversation id -> the queue it was last seen on; insertion order is age. */
  private readonly open = new Map<string, string>();
  /** Conversation id -> when it was seen to end (on `now`'s clock); insertion order is age. */
  private readonly ended = new Map<string, number>();

  /**
   * @param now the server's clock, so a replay or a fast emulator keeps as many ended ids as the
   *   same hour of live traffic would.
   * @param endedFor how long an ended conversation is remembered, to ignore late states of it.
   *   Past that, a late state opens it again and the next backfill settles it.
   */
  constructor(
    private readonly now: () => number,
    private readonly maxTracked = 100_000,
    private readonly endedFor = 3_600_000,
  ) {}

  observe(id: string, queueId: string | undefined, ended: boolean): void {
    if (ended) {
      this.open.delete(id);
      const now = this.now();
      if (!this.ended.has(id)) this.ended.set(id, now);
      for (const [oldest, at] of this.ended) {
        if (at > now - this.endedFor && this.ended.size <= this.maxTracked) break;
        this.ended.delete(oldest);
      }
      return;
    }
    if (this.ended.has(id)) return; // a late duplicate of an earlier state
    if (queueId !== undefined || !this.open.has(id)) {
      this.open.delete(id);
      this.open.set(id, queueId ?? '');
      // a conversation whose end was never seen must not be tracked forever
      if (this.open.size > this.maxTracked) this.open.delete(this.open.keys().next().value!);
    }
  }

  /** Conversations in progress last seen on one of `queueIds`. */
  inProgressOn(queueIds: ReadonlySet<string>): string[] {
    const ids: string[] = [];
    for (const [id, queueId] of this.open) if (queueIds.has(queueId)) ids.push(id);
    return ids;
  }

  isOpen(id: string): boolean {
    return this.open.has(id);
  }

  hasEnded(id: string): boolean {
    return this.ended.has(id);
  }

  get inProgress(): number {
    return this.open.size;
  }
}
