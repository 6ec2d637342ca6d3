/**
 * The keys dedupe remembers, as 64-bit hashes in typed arrays: an open-addressing set (linear
 * probing, backward-shift deletion, so churn leaves no tombstones) and a first-seen ring with
 * each key's time. Nothing is allocated per event, and memory is fixed by the number of keys:
 * about 40 bytes a key, 4 MB at the default 100 000.
 *
 * A `Set<string>` of `topicName|CorrelationId` keys cost about 0.8 µs an event and, more than
 * that, kept 100 000 strings of ~140 bytes alive for a second or two each: every one was promoted
 * to the old generation and died there, which is what made RSS climb to 200-300 MB under load.
 *
 * Two different keys are taken for one when their 63-bit hashes agree (the hash's lowest bit
 * marks a used slot). With n keys held, a new key does so with probability n / 2^63: about
 * 1e-14 at n = 100 000, one event in 10^14, at 50 000 events a second once in sixty years.
 */

/** The high 32 bits of the last `hashKey`; read right after the call. */
let hashHigh = 0;

/**
 * cyrb53's mixing (see `hash53`), keeping both 32-bit halves. Returns the low half and leaves the
 * high one in `hashHigh`, so no pair is allocated.
 */
function hashKey(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  hashHigh = h2 | 1; // never 0: 0 marks an empty slot
  return h1 | 0;
}

const INITIAL_CAPACITY = 1024;

export class SeenKeys {
  // The set: slot i holds (high[i], low[i]); high[i] === 0 means empty. Twice the ring's size,
  // so it is at most half full and probes stay short.
  private low: Int32Array;
  private high: Int32Array;
  private mask: number;
  // The ring, oldest at `head`.
  private ringLow: Int32Array;
  private ringHigh: Int32Array;
  private times: Float64Array;
  private head = 0;
  private count = 0;

  constructor(private readonly maxEntries: number) {
    const ring = Math.ceil(Math.min(maxEntries, INITIAL_CAPACITY));
    this.ringLow = new Int32Array(ring);
    this.ringHigh = new Int32Array(ring);
    this.times = new Float64Array(ring);
    const slots = tableSizeFor(ring);
    this.low = new Int32Array(slots);
    this.high = new Int32Array(slots);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Forgets keys first seen at or before `horizon`, then remembers `key` as seen at `now`.
   * Returns false when it was already remembered (a duplicate).
   */
  add(key: string, now: number, horizon: number): boolean {
    while (this.count > 0 && this.times[this.head]! <= horizon) this.forgetOldest();
    const lo = hashKey(key);
    const hi = hashHigh;
    let i = lo & this.mask;
    for (let h = this.high[i]!; h !== 0; h = this.high[i]!) {
      if (h === hi && this.low[i] === lo) return false;
      i = (i + 1) & this.mask;
    }
    if (this.count >= this.maxEntries) {
      this.forgetOldest();
      // The deletion may have shifted entries back over the empty slot found above.
      i = lo & this.mask;
      while (this.high[i] !== 0) i = (i + 1) & this.mask;
    } else if (this.count === this.ringLow.length) {
      this.grow();
      i = lo & this.mask;
      while (this.high[i] !== 0) i = (i + 1) & this.mask;
    }
    this.low[i] = lo;
    this.high[i] = hi;
    const at = (this.head + this.count) % this.ringLow.length;
    this.ringLow[at] = lo;
    this.ringHigh[at] = hi;
    this.times[at] = now;
    this.count++;
    return true;
  }

  clear(): void {
    this.high.fill(0);
    this.head = 0;
    this.count = 0;
  }

  private forgetOldest(): void {
    const lo = this.ringLow[this.head]!;
    const hi = this.ringHigh[this.head]!;
    this.head = (this.head + 1) % this.ringLow.length;
    this.count--;
    const mask = this.mask;
    let i = lo & mask;
    while (!(this.high[i] === hi && this.low[i] === lo)) i = (i + 1) & mask;
    // Backward-shift deletion: pull later entries of the probe run into the hole when their home
    // slot does not lie cyclically in (hole, j], so every lookup still finds them.
    for (let j = (i + 1) & mask; this.high[j] !== 0; j = (j + 1) & mask) {
      const home = this.low[j]! & mask;
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      this.low[i] = this.low[j]!;
      this.high[i] = this.high[j]!;
      i = j;
    }
    this.high[i] = 0;
  }

  /** Doubles the ring (up to `maxEntries`) and rebuilds the set at twice that. */
  private grow(): void {
    const size = Math.ceil(Math.min(this.maxEntries, this.ringLow.length * 2));
    const ringLow = new Int32Array(size);
    const ringHigh = new Int32Array(size);
    const times = new Float64Array(size);
    const slots = tableSizeFor(size);
    const low = new Int32Array(slots);
    const high = new Int32Array(slots);
    const mask = slots - 1;
    for (let n = 0; n < this.count; n++) {
      const from = (this.head + n) % this.ringLow.length;
      const lo = this.ringLow[from]!;
      const hi = this.ringHigh[from]!;
      ringLow[n] = lo;
      ringHigh[n] = hi;
      times[n] = this.times[from]!;
      let i = lo & mask;
      while (high[i] !== 0) i = (i + 1) & mask;
      low[i] = lo;
      high[i] = hi;
    }
    this.ringLow = ringLow;
    this.ringHigh = ringHigh;
    this.times = times;
    this.low = low;
    this.high = high;
    this.mask = mask;
    this.head = 0;
  }
}

/** The smallest power of two at least twice `entries`. */
function tableSizeFor(entries: number): number {
  let slots = 2;
  while (slots < entries * 2) slots *= 2;
  return slots;
}
