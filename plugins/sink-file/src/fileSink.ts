import { resolve } from 'node:path';
import { defineSink, errors, type GenesysEvent } from '@gcstream/core';
import { ActiveFiles } from './activeFiles.js';
import type { NdjsonFile } from './ndjsonFile.js';
import { fileOptionsSchema } from './options.js';
import { compilePathTemplate, confine } from './pathTemplate.js';
import { fileErrorOf } from './_fileErrors.js';
import { repairEarlierRuns } from './earlierRuns.js';
import { LineBuffers, type EncodedBatch } from './lineBuffers.js';

/** A batch's events for one file (a rendered path), in batch order. */
interface FileEvents {
  readonly group: string;
  readonly events: GenesysEvent[];
}

export const fileSink = defineSink({
  name: 'file',
  description: 'Appends events as NDJSON files on the local disk, with paths by date, hour, family, topic and id, rotation and optional gzip.',
  core: '^0.1.0',
  configSchema: fileOptionsSchema,
  create(config, ctx) {
    const dir = resolve(ctx.baseDir, config.dir ?? '.');
    const template = compilePathTemplate(config.path);
    const files = new ActiveFiles({ gzip: config.gzip, fsync: config.fsync, logger: ctx.logger, metrics: ctx.metrics, labels: { sink: 'file' }, maxOpen: config.maxOpenFiles });
    // Overlapping writes (maxInFlight above 1) take turns, so lines of two batches never interleave
    // inside a write and each file's size is known when deciding to rotate.
    let turn: Promise<unknown> = Promise.resolve();

    const locate = (rendered: string): string => {
      const full = confine(dir, rendered);
      if (full === undefined) throw errors.sinkFatal('file', `the path "${rendered}" leaves ${dir}; keep path relative to dir without ".."`);
      return full;
    };

    const lines = new LineBuffers();

    /** The batch's events per file, in batch order within each file. */
    const split = (batch: readonly GenesysEvent[]): Map<string, FileEvents> => {
      const files = new Map<string, FileEvents>();
      if (template.constant) {
        files.set(config.path, { group: config.path, events: batch as GenesysEvent[] });
        return files;
      }
      for (const event of batch) {
        const rendered = template.render(event);
        const file = files.get(rendered);
        if (file) file.events.push(event);
        else files.set(rendered, { group: template.group(event), events: [event] });
      }
      return files;
    };

    const append = async (group: string, file: NdjsonFile, bytes: Buffer): Promise<NdjsonFile> => {
      const max = config.maxBytes;
      if (max === undefined || file.size + bytes.length <= max) {
        await file.append(bytes);
        return file;
      }
      // Over the limit: fill this file up to it line by line, then go on in a fresh one. A line
      // larger than maxBytes gets a file of its own rather than being split. JSON text never holds
      // a raw newline, and no byte of a multi-byte UTF-8 character is one, so the newline bytes are
      // exactly the line ends.
      let from = 0;
      let end = 0;
      while (end < bytes.length) {
        const newline = bytes.indexOf(10, end);
        const next = newline < 0 ? bytes.length : newline + 1;
        if (file.size + (next - from) > max && file.size + (end - from) > 0) {
          if (end > from) await file.append(bytes.subarray(from, end));
          file = await files.rotateForSize(group, file);
          from = end;
        }
        end = next;
      }
      if (end > from) await file.append(bytes.subarray(from, end));
      return file;
    };

    /** Writes one group's files in batch order: the files of a group follow each other in time. */
    const writeGroup = async (buffer: Buffer, parts: readonly (readonly [string, { group: string; start: number; end: number }])[]) => {
      const touched = new Set<NdjsonFile>();
      for (const [rendered, part] of parts) {
        const path = locate(rendered);
        let file: NdjsonFile | undefined;
        try {
          file = await files.fileFor(part.group, path);
          file = await append(part.group, file, buffer.subarray(part.start, part.end));
          touched.add(file);
        } catch (error) {
          if (file) await files.discard(file);
          throw fileErrorOf(error, path);
        }
      }
      if (config.fsync) {
        for (const file of touched) {
          try {
            await file.sync();
          } catch (error) {
            await files.discard(file);
            throw fileErrorOf(error, file.path);
          }
        }
      }
    };

    const writeBatch = async (batch: EncodedBatch) => {
      // Each group has files of its own, so the groups write (and sync) side by side, each write on
      // a libuv thread, and a batch waits for its slowest file rather than for every file in turn.
      // All of them settle before the batch does, so the next batch never overtakes one of them.
      const groups = new Map<string, [string, { group: string; start: number; end: number }][]>();
      for (const entry of batch.ranges) {
        const group = groups.get(entry[1].group);
        if (group) group.push(entry);
        else groups.set(entry[1].group, [entry]);
      }
      try {
        const results = await Promise.allSettled(Array.from(groups.values(), (parts) => writeGroup(batch.buffer, parts)));
        for (const result of results) if (result.status === 'rejected') throw result.reason;
      } finally {
        lines.release(batch);
        // A failed batch too: the files it opened count toward maxOpenFiles, and a disk that keeps
        // failing while new conversations start would otherwise gather descriptors without end.
        await files.trim();
      }
    };

    return {
      async connect() {
        try {
          const earlier = await repairEarlierRuns(dir, config.path, files.tornTail);
          // With gzip, the files an earlier run left open when it stopped are compressed once their
          // period is over, as they would have been had that run lived to see the path change.
          const periodStart = template.periodStart(Date.now());
          if (config.gzip && periodStart !== undefined) for (const file of earlier) if (file.modified < periodStart) files.compressFinished(file.path);
        } catch (error) {
          throw fileErrorOf(error, dir);
        }
      },
      write(batch) {
        if (batch.length === 0) return Promise.resolve();
        // Serialized before waiting for the turn: with maxInFlight above 1, one batch is turned
        // into JSON while the disk takes the previous one.
        let encoded: EncodedBatch;
        try {
          encoded = lines.encode(split(batch));
        } catch (error) {
          return Promise.reject(errors.sinkFatal('file', `cannot serialize the batch as JSON: ${error instanceof Error ? error.message : String(error)}`, error));
        }
        const run = turn.then(() => writeBatch(encoded));
        turn = run.catch(() => {});
        return run;
      },
      async close() {
        await turn;
        await files.close();
      },
    };
  },
});
