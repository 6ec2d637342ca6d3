import { closeSync, fsync, fsyncSync, openSync, writeSync } from 'node:fs';

/**
 * Appends records to one segment file. Records are written to the file within the same turn of the
 * event loop they were appended in (so a killed process loses nothing it had spooled: the kernel
 * holds it), and fsynced in batches every `fsyncInterval` ms, so a power cut loses at most that long.
 */
export class SegmentWriter {
  readonly #fd: number;
  #pending: string[] = [];
  #scheduled = false;
  #unsynced = false;
  #syncing = false;
  #closed = false;
  readonly #onError: (error: unknown) => void;

  constructor(file: string, onError: (error: unknown) => void) {
    this.#fd = openSync(file, 'a');
    this.#onError = onError;
  }

  write(record: string): void {
    this.#pending.push(record);
    if (this.#scheduled) return;
    this.#scheduled = true;
    // One write call for every record of this turn: a burst of frames costs one syscall, not one each.
    queueMicrotask(() => this.flush());
  }

  /** Writes what is buffered to the file now. */
  flush(): void {
    this.#scheduled = false;
    if (this.#closed || this.#pending.length === 0) return;
    const text = this.#pending.join('');
    this.#pending = [];
    try {
      writeSync(this.#fd, text);
      this.#unsynced = true;
    } catch (error) {
      this.#onError(error);
    }
  }

  /** Asks the disk to keep what was written; the timer of the spool calls it. */
  sync(): void {
    if (!this.#unsynced || this.#syncing || this.#closed) return;
    this.#unsynced = false;
    this.#syncing = true;
    fsync(this.#fd, (error) => {
      this.#syncing = false;
      if (error && !this.#closed) this.#onError(error);
    });
  }

  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    try {
      fsyncSync(this.#fd);
    } catch (error) {
      this.#onError(error);
    }
    closeSync(this.#fd);
  }
}
