/**
 * Per sink, the highest sequence number below which every event was delivered (or given up on).
 * Batches finish out of order when `maxInFlight` is above 1, so acks above the watermark wait in
 * a set until the gap below them closes. Seqs that will never be acknowledged (lost from the spool
 * before a restart: a damaged record, a segment drop-oldest deleted, events stop-spooling never
 * wrote) are skipped as ranges, so they do not hold the watermark, and compaction, back for good.
 */
export class AckTracker {
  readonly #watermarks = new Map<string, number>();
  readonly #ahead = new Map<string, Set<number>>();
  /** Per sink, ascending disjoint `[from, to]` ranges the watermark passes over. */
  readonly #skipped = new Map<string, Array<readonly [number, number]>>();

  constructor(watermarks: ReadonlyMap<string, number>) {
    for (const [sink, mark] of watermarks) {
      this.#watermarks.set(sink, mark);
      this.#ahead.set(sink, new Set());
    }
  }

  ack(sink: string, seq: number): void {
    const mark = this.#watermarks.get(sink);
    const ahead = this.#ahead.get(sink);
    if (mark === undefined || ahead === undefined || seq <= mark) return;
    ahead.add(seq);
    this.#advance(sink, mark, ahead);
  }

  /** Seqs `from..to` of `sink` will never be acknowledged: the watermark goes past them. Call in ascending order. */
  skip(sink: string, from: number, to: number): void {
    const mark = this.#watermarks.get(sink);
    const ahead = this.#ahead.get(sink);
    if (mark === undefined || ahead === undefined || to <= mark || from > to) return;
    let ranges = this.#skipped.get(sink);
    if (ranges === undefined) this.#skipped.set(sink, (ranges = []));
    ranges.push([from, to]);
    this.#advance(sink, mark, ahead);
  }

  #advance(sink: string, mark: number, ahead: Set<number>): void {
    const skipped = this.#skipped.get(sink);
    for (;;) {
      if (ahead.delete(mark + 1)) mark++;
      else if (skipped !== undefined && skipped.length > 0 && skipped[0]![0] <= mark + 1) mark = Math.max(mark, skipped.shift()![1]);
      else break;
    }
    this.#watermarks.set(sink, mark);
  }

  watermark(sink: string): number {
    return this.#watermarks.get(sink) ?? 0;
  }

  /** The watermark of the slowest sink: everything up to it can be forgotten. */
  low(): number {
    let low = Infinity;
    for (const mark of this.#watermarks.values()) low = Math.min(low, mark);
    return low === Infinity ? 0 : low;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#watermarks);
  }
}
