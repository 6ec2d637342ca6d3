/** An interval in which some topics had no live socket. Times are server epoch ms. */
export interface Gap {
  readonly topics: readonly string[];
  readonly from: number;
  readonly to: number;
}

/**
 * Records every interval in which a slot's topics had no socket delivering them. Genesys has no
 * replay, so these intervals are exactly what was lost, and what backfill asks the analytics API
 * for. A gap opens when the slot's last live socket goes, and closes when a socket delivers again:
 * at its first frame (a pong to the ping sent as it opens, at the latest), not when it connected,
 * since a socket that connected while Genesys was not sending carries nothing until it does.
 * A slot that was never live (startup) has no gap: nothing was promised before it.
 * During a planned turnover a slot has two live sockets; only losing the last one opens a gap.
 */
export class GapTracker {
  private readonly openSince = new Map<number, { from: number; topics: readonly string[] }>();
  /** Slot -> keys of the sockets delivering its topics right now. */
  private readonly live = new Map<number, Set<string>>();
  private readonly recent: Gap[] = [];
  private count = 0;
  private totalMs = 0;

  constructor(private readonly keep = 100) {}

  /** The slot lost its last live socket at `at`. */
  down(slot: number, topics: readonly string[], at: number): void {
    if (!this.openSince.has(slot)) this.openSince.set(slot, { from: at, topics });
  }

  /** The slot delivers again (a socket's first frame arrived at `at`); returns the gap it closes, if one was open. */
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

  /** A socket of the slot went live. A gap the slot has stays open until a socket delivers (`up`). */
  socketUp(slot: number, key: string): void {
    let keys = this.live.get(slot);
    if (!keys) this.live.set(slot, (keys = new Set()));
    keys.add(key);
  }


  /** A socket of the slot stopped delivering at `at`; the last one to go opens a gap. */
  socketDown(slot: number, key: string, topics: readonly string[], at: number): void {
    const keys = this.live.get(slot);
    if (!keys?.delete(key) || keys.size > 0) return;
    this.down(slot, topics, at);
  }

  /** A socket let go on purpose after its replacement went live: no gap. */
  forgetSocket(slot: number, key: string): void {
    this.live.get(slot)?.delete(key);
  }

  /** The start of the oldest gap still open (server ms), if any. */
  oldestOpen(): number | undefined {
    let oldest: number | undefined;
    for (const { from } of this.openSince.values()) if (oldest === undefined || from < oldest) oldest = from;
    return oldest;
  }

  /** Live sockets of one slot, or of all slots. */
  liveSockets(slot?: number): number {
    if (slot !== undefined) return this.live.get(slot)?.size ?? 0;
    let n = 0;
    for (const keys of this.live.values()) n += keys.size;
    return n;
  }

  /** The source closed every socket on purpose: nothing is live, and no gap is recorded. */
  forgetSockets(): void {
    for (const keys of this.live.values()) keys.clear();
  }

  stats(): { open: number; closed: number; totalMs: number; recent: readonly Gap[] } {
    return { open: this.openSince.size, closed: this.count, totalMs: this.totalMs, recent: [...this.recent] };
  }
}
