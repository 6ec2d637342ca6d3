import type { Metrics, SinkContext } from '@gcstream/core';
import { openNdjsonFile, type NdjsonFile } from './ndjsonFile.js';
import { gzipFile, rotateAside } from './rotation.js';

export interface ActiveFilesOptions {
  readonly gzip: boolean;
  readonly fsync: boolean;
  readonly logger: SinkContext['logger'];
  readonly metrics: Metrics;
  readonly labels: Readonly<Record<string, string>>;
  /** Files kept open between writes; the least recently written beyond it is closed by `trim`. @default Infinity */
  readonly maxOpen?: number;
}

/**
 * The file each path group is writing to now, and what happens to a file when its group moves on
 * (the path changed) or it grows too big: it is closed, moved aside or left as it is, and
 * compressed in the background. Groups are bounded by families and topic patterns, except with
 * `{id}` (a file per conversation): past `maxOpen` the least recently written file is closed,
 * without rotating, and the group reopens it to append.
 */
export class ActiveFiles {
  readonly #current = new Map<string, NdjsonFile>();
  /** Background compressions by file, so a path is never reopened while it is being compressed. */
  readonly #compressing = new Map<string, Promise<void>>();

  constructor(private readonly options: ActiveFilesOptions) {}

  /** The open file at `path` for `group`, rotating the group's previous file if the path moved on. */
  async fileFor(group: string, path: string): Promise<NdjsonFile> {
    const open = this.#current.get(group);
    if (open?.path === path) {
      // Kept in the order of use, so the first entries are the files to close when too many are open.
      this.#current.delete(group);
      this.#current.set(group, open);
      return open;
    }
    if (open) {
      this.#current.delete(group);
      await this.#finish(open);
      this.#rotated('path');
      if (this.options.gzip) this.#compress(open.path);
    }
    await this.#compressing.get(path);
    const file = await openNdjsonFile(path, { syncDir: this.options.fsync, onTornTail: this.tornTail });

    this.#current.set(group, file);
    return file;
  }

  /** Counts and logs a partial last line cut from a file. */
  readonly tornTail = (file: string, bytes: number): void => {
    this.options.metrics.inc('gcstream_file_torn_tails_total', this.options.labels);
    this.options.logger.warn({ file, bytes }, 'cut a partial last line left by a writer that was stopped mid-write');
  };

  /** Moves a full file aside and starts a new one at the same path. */
  async rotateForSize(group: string, file: NdjsonFile): Promise<NdjsonFile> {
    this.#current.delete(group);
    await this.#finish(file);
    const aside = await rotateAside(file.path);
    this.#rotated('size');
    if (this.options.gzip) this.#compress(aside);
    return this.fileFor(group, file.path);
  }

  /** Compresses a file an earlier run finished with (its hour or day is over). */
  compressFinished(path: string): void {
    if (this.options.gzip) this.#compress(path);
  }

  /**
   * Closes the least recently written files past `maxOpen`. Called between writes, never inside
   * one, so a file the current batch still syncs is never closed under it.
   */
  async trim(): Promise<void> {
    const max = this.options.maxOpen ?? Number.POSITIVE_INFINITY;
    while (this.#current.size > max) {
      const [group, file] = this.#current.entries().next().value as [string, NdjsonFile];
      this.#current.delete(group);
      // Its lines were written (and synced, with fsync) by earlier writes: a failed close loses nothing.
      await file.close().catch((error: unknown) => this.options.logger.warn({ err: error, file: file.path }, 'could not close a file kept open too long'));
    }
  }

  /** Forgets a file after a failed write: the next open re-checks its tail. */
  async discard(file: NdjsonFile): Promise<void> {
    for (const [group, open] of this.#current) if (open === file) this.#current.delete(group);
    await file.close().catch(() => {});
  }

  /** Closes every file and waits for the compressions still running. */
  async close(): Promise<void> {
    const files = [...this.#current.values()];
    this.#current.clear();
    await Promise.all(files.map((file) => this.#finish(file)));
    await Promise.all(this.#compressing.values());
  }

  async #finish(file: NdjsonFile): Promise<void> {
    if (this.options.fsync) await file.sync();
    await file.close();
  }

  #rotated(reason: 'path' | 'size'): void {
    this.options.metrics.inc('gcstream_file_rotations_total', { ...this.options.labels, reason });
  }

  #compress(path: string): void {
    const job = gzipFile(path).then(
      () => undefined,
      // The uncompressed file stays where it is: nothing is lost, it is only bigger.
      (error: unknown) => this.options.logger.warn({ err: error, file: path }, 'could not compress a rotated file; it stays uncompressed'),
    );
    const tracked = job.finally(() => {
      if (this.#compressing.get(path) === tracked) this.#compressing.delete(path);
    });
    this.#compressing.set(path, tracked);
  }
}
