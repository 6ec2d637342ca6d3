/**
 * A FIFO of events already cut into batches of at most `size`: taking a batch is O(1) whatever
 * the backlog, where slicing one array would copy the whole backlog for every batch.
 */
export class BatchQueue<E> {
  #chunks: Array<E[] | undefined> = [];
  #head = 0;
  #length = 0;

  constructor(private readonly size: number) {}

  get length(): number {
    return this.#length;
  }

  push(event: E): void {
    const tail = this.#chunks.length > this.#head ? this.#chunks[this.#chunks.length - 1]! : undefined;
    if (tail && tail.length < this.size) tail.push(event);
    else this.#chunks.push([event]);
    this.#length++;
  }

  /** The oldest batch (up to `size` events), or an empty array. */
  take(): E[] {
    if (this.#head >= this.#chunks.length) return [];
    const batch = this.#chunks[this.#head]!;
    this.#chunks[this.#head++] = undefined;
    this.#length -= batch.length;
    if (this.#head === this.#chunks.length) {
      this.#chunks = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
    return batch;
  }

  /** Removes and returns the oldest event (`onFull: drop-oldest`). */
  shift(): E | undefined {
    const chunk = this.#chunks[this.#head];
    if (chunk === undefined) return undefined;
    const event = chunk.shift();
    this.#length--;
    // An emptied chunk is taken as an empty batch, so the head moves on and the tail stays right.
    if (chunk.length === 0) this.take();
    return event;
  }

  /** Everything queued, oldest first; the queue is left empty. */
  takeAll(): E[] {
    const all: E[] = [];
    for (let i = this.#head; i < this.#chunks.length; i++) all.push(...this.#chunks[i]!);
    this.#chunks = [];
    this.#head = 0;
    this.#length = 0;
    return all;
  }
}
