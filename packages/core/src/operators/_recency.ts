/**
 * Open conversations from the least to the most recently updated, linked through the entries
 * themselves: an update moves its entry to the newest end by relinking it, where deleting and
 * setting it again in the id map (as before) looked the id up twice more on every event and left
 * a hole the map had to compact away. The map now only finds an entry by id.
 */
export interface Linked {
  older: Linked | undefined;
  newer: Linked | undefined;
}

export class RecencyList<T extends Linked> {
  oldest: T | undefined;
  private newest: T | undefined;

  /** Adds a new entry, or moves one in the list, at the newest end. */
  touch(entry: T): void {
    if (entry === this.newest) return;
    if (entry.older !== undefined || entry.newer !== undefined || entry === this.oldest) this.remove(entry);
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest !== undefined) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }

  remove(entry: T): void {
    if (entry.older !== undefined) entry.older.newer = entry.newer;
    else if (this.oldest === entry) this.oldest = entry.newer as T | undefined;
    if (entry.newer !== undefined) entry.newer.older = entry.older;
    else if (this.newest === entry) this.newest = entry.older as T | undefined;
    entry.older = entry.newer = undefined;
  }

  /** The entries, least recently updated first. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let entry = this.oldest; entry !== undefined; entry = entry.newer as T | undefined) yield entry;
  }
}
