/** An interval in which some topics had no live socket. Times are server epoch ms. */
export interface Gap {
  readonly topics: readonly string[];
  readonly from: number;
  readonly to: number;
}

/**
 * Records every interval in which a slot's topics had no live socket. Genesys has no replay, so
 * these intervals are exactly what was lost, and what backfill asks the analytics API for.
 * A slot that was never live (startup) has no gap: nothing was promised before it.
 */
export class GapTracker {
  private readonly openSince = new Map<number, { from: number; topics: readonly string[] }>();
  private readonly recent: Gap[] = [];
  private count = 0;
  private totalMs = 0;

  constructor(private readonly keep = 100) {}

  /** The slot lost its last live socket at `at`. */
  down(slot: number, topics: readonly string[], at: number): void {
    if (!this.openSince.has(slot)) this.openSince.set(slot, { from: at, topics });
  }

  /** The slot is live again; returns the gap it closes, if one was open. */
  up(slot: number, at: number): Gap | undefined {
    const open = this.openSince.get(slot);
    if (!open) return undefined;
    this.openSince.delete(slot);
    const gap: Gap = { topics: open.topics, from: open.from, to: Math.max(open.from, at) };
    this.count++;
    this.totalMs += gap.to - gap.from;
    this.recent.push(gap);
    if (this.recent.length > this.keep) this.recent.shift();
    return gap;
  }

  stats(): { open: number; closed: number; totalMs: number; recent: readonly Gap[] } {
    return { open: this.openSince.size, closed: this.count, totalMs: this.totalMs, recent: [...this.recent] };
  }
}
