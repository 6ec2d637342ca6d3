/**
 * The topic names a pipeline sees, each with what decode needs of it: its classification, and the
 * dedupe hash's state after `topic|` (see `eventKey.ts`). One lookup per frame finds both.
 *
 * An open-addressing table keyed by a hash of every third character from the end (a topic name
 * differs from its neighbours in the ids it carries), compared in full on a hash match. Every
 * frame's topic name is a new string: a `Map` hashed all of its ~60 characters first, and with the
 * dedupe state in a second `Map`, the two lookups cost about 1.5% of the source's time per event.
 * Bounded: past `maxEntries` the oldest name leaves first.
 */
export interface TopicEntry<T> {
  readonly name: string;
  readonly hash: number;
  readonly value: T;
}

/** Every third character from the end, and the length. */
function nameHash(name: string): number {
  let h = name.length;
  for (let i = name.length - 1; i >= 0; i -= 3) h = Math.imul(h ^ name.charCodeAt(i), 0x9e3779b1);
  return (h ^ (h >>> 15)) | 0;
}

export class TopicCache<T> {
  private slots: (TopicEntry<T> | undefined)[] = new Array<TopicEntry<T> | undefined>(64).fill(undefined);
  private mask = 63;
  /** Entries in the order they came, oldest at `head`, for eviction. */
  private readonly order: (TopicEntry<T> | undefined)[] = [];
  private head = 0;
  private count = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly make: (name: string) => T,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The entry for `name`, made (and the oldest one forgotten, at the bound) when it is new. */
  get(name: string): TopicEntry<T> {
    const hash = nameHash(name);
    const slots = this.slots;
    const mask = this.mask;
    for (let i = hash & mask, e = slots[i]; e !== undefined; i = (i + 1) & mask, e = slots[i]) {
      if (e.hash === hash && e.name === name) return e;
    }
    const entry: TopicEntry<T> = { name, hash, value: this.make(name) };
    if (this.count >= this.maxEntries) this.forgetOldest();
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    this.place(entry);
    this.order[(this.head + this.count) % this.maxEntries] = entry;
    this.count++;
    return entry;
  }

  private place(entry: TopicEntry<T>): void {
    let i = entry.hash & this.mask;
    while (this.slots[i] !== undefined) i = (i + 1) & this.mask;
    this.slots[i] = entry;
  }

  private forgetOldest(): void {
    const oldest = this.order[this.head]!;
    this.order[this.head] = undefined;
    this.head = (this.head + 1) % this.maxEntries;
    this.count--;
    const slots = this.slots;
    const mask = this.mask;
    let i = oldest.hash & mask;
    while (slots[i] !== oldest) i = (i + 1) & mask;
    // Backward-shift deletion: later entries of the probe run move into the hole unless their
    // home slot lies cyclically in (hole, j], so every lookup still finds them.
    for (let j = (i + 1) & mask; slots[j] !== undefined; j = (j + 1) & mask) {
      const home = slots[j]!.hash & mask;
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      slots[i] = slots[j];
      i = j;
    }
    slots[i] = undefined;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Array<TopicEntry<T> | undefined>(old.length * 2).fill(undefined);
    this.mask = this.slots.length - 1;
    for (const e of old) if (e !== undefined) this.place(e);
  }
}
