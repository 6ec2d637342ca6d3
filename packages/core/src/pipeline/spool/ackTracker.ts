/**
 * Per sink, the highest sequence number below which every event was delivered (or given up on).
 * Batches finish out of order when `maxInFlight` is above 1, so acks above the watermark wait in
 * a set until the gap below them closes.
 */
export class AckTracker {
  readonly #watermarks = new Map<string, number>();
  readonly #ahead = new Map<string, Set<number>>();

  constructor(watermarks: ReadonlyMap<string, number>) {
    for (const [sink, mark] of watermarks) {
      this.#watermarks.set(sink, mark);
      this.#ahead.set(sink, new Set());
    }
  }

  ack(sink: string, seq: number): void {
    let mark = this.#watermarks.get(sink);
    const ahead = this.#ahead.get(sink);
    if (mark === undefined || ahead === undefined || seq <= mark) return;
    ahead.add(seq);
    while (ahead.delete(mark + 1)) mark++;
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
