import type { Metrics, SinkContext } from '@gcstream/core';
import { openNdjsonFile, type NdjsonFile } from './ndjsonFile.js';
import { gzipFile, rotateAside } from './rotation.js';

export interface ActiveFilesOptions {
  readonly gzip: boolean;
  readonly fsync: boolean;
  readonly logger: SinkContext['logger'];
  readonly metrics: Metrics;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The file each path group is writing to now, and what happens to a file when its group moves on
 * (the path changed) or it grows too big: it is closed, moved aside or left as it is, and
 * compressed in the background. The number of groups is bounded by the template's placeholders
 * (families and topic patterns), so every group keeps its file open.
 */
export class ActiveFiles {
  readonly #current = new Map<string, NdjsonFile>();
  /** Background compressions by file, so a path is never reopened while it is being compressed. */
  readonly #compressing = new Map<string, Promise<void>>();

  constructor(private readonly options: ActiveFilesOptions) {}

  /** The open file at `path` for `group`, rotating the group's previous file if the path moved on. */
  async fileFor(group: string, path: string): Promise<NdjsonFile> {
    const open = this.#current.get(group);
    if (open?.path === path) return open;
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
