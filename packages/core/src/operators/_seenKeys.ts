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

import { cyrb53High, keyHash } from '../model/eventKey.js';

const INITIAL_CAPACITY = 1024;

export class SeenKeys {
  // The set: slot i holds its hash's high half at slots[2i] (0 when empty) and its low half at
  // slots[2i + 1], side by side so a probe touches one cache line. Twice the ring's size, so it
  // is at most half full and probes stay short.
  private slots: Int32Array;
  private mask: number;
  // The ring, oldest at `head`.
  private ringLow: Int32Array;
  private ringHigh: Int32Array;
  private times: Float64Array;
  private head = 0;
  private count = 0;

  /** `onForgottenEarly` is told of each key forgotten before its time because `maxEntries` was reached. */
  constructor(
    private readonly maxEntries: number,
    private readonly onForgottenEarly?: () => void,
  ) {
    const ring = Math.ceil(Math.min(maxEntries, INITIAL_CAPACITY));
    this.ringLow = new Int32Array(ring);
    this.ringHigh = new Int32Array(ring);
    this.times = new Float64Array(ring);
    const size = tableSizeFor(ring);
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
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
    const lo = keyHash(key);
    const hi = cyrb53High() | 1; // never 0: 0 marks an empty slot
    let slots = this.slots;
    let i = lo & this.mask;
    for (let h = slots[2 * i]!; h !== 0; h = slots[2 * i]!) {
      if (h === hi && slots[2 * i + 1] === lo) return false;
      i = (i + 1) & this.mask;
    }
    if (this.count >= this.maxEntries || this.count === this.ringLow.length) {
      if (this.count >= this.maxEntries) this.forgetOldest(), this.onForgottenEarly?.();
      else this.grow();
      // A deletion may have shifted entries back over the empty slot found above; growth moved all.
      slots = this.slots;
      i = lo & this.mask;
      while (slots[2 * i] !== 0) i = (i + 1) & this.mask;
    }
    slots[2 * i] = hi;
    slots[2 * i + 1] = lo;
    const at = (this.head + this.count) % this.ringLow.length;
    this.ringLow[at] = lo;
    this.ringHigh[at] = hi;
    this.times[at] = now;
    this.count++;
    return true;
  }

  clear(): void {
    this.slots.fill(0);
    this.head = 0;
    this.count = 0;
  }

  private forgetOldest(): void {
    const lo = this.ringLow[this.head]!;
    const hi = this.ringHigh[this.head]!;
    this.head = (this.head + 1) % this.ringLow.length;
    this.count--;
    const mask = this.mask;
    const slots = this.slots;
    let i = lo & mask;
    while (!(slots[2 * i] === hi && slots[2 * i + 1] === lo)) i = (i + 1) & mask;
    // Backward-shift deletion: pull later entries of the probe run into the hole when their home
    // slot does not lie cyclically in (hole, j], so every lookup still finds them.
    for (let j = (i + 1) & mask; slots[2 * j] !== 0; j = (j + 1) & mask) {
      const home = slots[2 * j + 1]! & mask;
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      slots[2 * i] = slots[2 * j]!;
      slots[2 * i + 1] = slots[2 * j + 1]!;
      i = j;
    }
    slots[2 * i] = 0;
  }

  /** Doubles the ring (up to `maxEntries`) and rebuilds the set at twice that. */
  private grow(): void {
    const size = Math.ceil(Math.min(this.maxEntries, this.ringLow.length * 2));
    const ringLow = new Int32Array(size);
    const ringHigh = new Int32Array(size);
    const times = new Float64Array(size);
    const tableSize = tableSizeFor(size);
    const slots = new Int32Array(tableSize * 2);
    const mask = tableSize - 1;
    for (let n = 0; n < this.count; n++) {
      const from = (this.head + n) % this.ringLow.length;
      const lo = this.ringLow[from]!;
      const hi = this.ringHigh[from]!;
      ringLow[n] = lo;
      ringHigh[n] = hi;
      times[n] = this.times[from]!;
      let i = lo & mask;
      while (slots[2 * i] !== 0) i = (i + 1) & mask;
      slots[2 * i] = hi;
      slots[2 * i + 1] = lo;
    }
    this.ringLow = ringLow;
    this.ringHigh = ringHigh;
    this.times = times;
    this.slots = slots;
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
