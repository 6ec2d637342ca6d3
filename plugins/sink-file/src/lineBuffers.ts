import { writeEventLine, type GenesysEvent } from '@gcstream/core';

/** The first size of a batch's buffer: a batch of 500 one-kilobyte lines fits without growing. */
const FIRST_SIZE = 1 << 19;
/** Buffers kept for the next batches; more are only made while that many writes overlap. */
const KEPT = 4;
/** A buffer bigger than this (a batch of very many or very large events) is not kept. */
const KEPT_MAX_SIZE = 8 << 20;

/**
 * The batch's lines as UTF-8, file by file: each file's lines lie next to each other in one
 * buffer, in batch order, so a file takes its part with one write.
 */
export interface EncodedBatch {
  readonly buffer: Buffer;
  /** Per rendered path: where its lines start and end in `buffer`. */
  readonly ranges: Map<string, { readonly group: string; readonly start: number; readonly end: number }>;
}

/**
 * Buffers that batches are encoded into, reused from batch to batch. Each event's JSON is encoded
 * straight into the buffer (see `writeEventLine`), with no text joined first: joining a batch's
 * lines and then encoding the joined text cost the file sink about 1 µs a kilobyte line in copies.
 * A buffer is out of use from `encode` until `release`, while its batch is being written.
 */
export class LineBuffers {
  readonly #free: Buffer[] = [];
  #size = FIRST_SIZE;

  /**
   * Encodes a batch whose events are grouped by file: `files` maps a rendered path to its group and
   * its events, in batch order. Throws what serializing an event throws (a BigInt, a cycle).
   */
  encode(files: ReadonlyMap<string, { readonly group: string; readonly events: readonly GenesysEvent[] }>): EncodedBatch {
    let buffer = this.#free.pop() ?? Buffer.allocUnsafeSlow(this.#size);
    const ranges = new Map<string, { group: string; start: number; end: number }>();
    let at = 0;
    for (const [path, { group, events }] of files) {
      const start = at;
      for (const event of events) {
        let next = writeEventLine(event, buffer, at);
        while (next < 0) {
          // Grown by doubling, keeping what is written; the bigger size is what later batches start with.
          const bigger = Buffer.allocUnsafeSlow(buffer.length * 2);
          buffer.copy(bigger, 0, 0, at);
          buffer = bigger;
          this.#size = Math.min(Math.max(this.#size, bigger.length), KEPT_MAX_SIZE);
          next = writeEventLine(event, buffer, at);
        }
        at = next;
      }
      ranges.set(path, { group, start, end: at });
    }
    return { buffer, ranges };
  }

  /** Gives a batch's buffer back once its writes have settled. */
  release(batch: EncodedBatch): void {
    if (this.#free.length < KEPT && batch.buffer.length >= this.#size && batch.buffer.length <= KEPT_MAX_SIZE) this.#free.push(batch.buffer);
  }
}
