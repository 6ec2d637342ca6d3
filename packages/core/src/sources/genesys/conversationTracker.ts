/**
 * The conversations the source has seen on queue conversation topics, live or backfilled: those
 * still in progress (with the queue they were seen on) and those it saw end. After a gap, backfill
 * brings the ones in progress up to date: they may have changed or ended while no socket was up,
 * and a details query by start time would not find them.
 */
export class ConversationTracker {
  /** Conversation id -> the queue it was last seen on; insertion order is age. */
  private readonly open = new Map<string, string>();
  private readonly ended = new Set<string>();

  constructor(private readonly maxTracked = 100_000) {}

  observe(id: string, queueId: string | undefined, ended: boolean): void {
    if (ended) {
      this.open.delete(id);
      this.ended.add(id);
      if (this.ended.size > this.maxTracked) this.ended.delete(this.ended.values().next().value!);
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
