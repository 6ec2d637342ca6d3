import { resolve } from 'node:path';
import { defineSink, errors, eventJson, type GenesysEvent } from '@gcstream/core';
import { ActiveFiles } from './activeFiles.js';
import type { NdjsonFile } from './ndjsonFile.js';
import { fileOptionsSchema } from './options.js';
import { compilePathTemplate, confine } from './pathTemplate.js';
import { fileErrorOf } from './_fileErrors.js';
import { repairEarlierRuns } from './earlierRuns.js';

interface Chunk {
  readonly group: string;
  /** Whole NDJSON lines, each ending with a newline. */
  text: string;
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

    /**
     * The batch's lines per file, in batch order within each file. Each file's text is built by
     * concatenation: V8 keeps it as a rope that encoding it for the write flattens once, where
     * joining an array of lines and then adding the last newline copied the text twice first.
     */
    const split = (batch: readonly GenesysEvent[]): Map<string, Chunk> => {
      const chunks = new Map<string, Chunk>();
      if (template.constant) {
        let text = '';
        for (const event of batch) text += `${eventJson(event)}\n`;
        chunks.set(config.path, { group: config.path, text });
        return chunks;
      }
      for (const event of batch) {
        const rendered = template.render(event);
        let chunk = chunks.get(rendered);
        if (!chunk) chunks.set(rendered, (chunk = { group: template.group(event), text: '' }));
        chunk.text += `${eventJson(event)}\n`;
      }
      return chunks;
    };

    const append = async (group: string, file: NdjsonFile, text: string): Promise<NdjsonFile> => {
      const max = config.maxBytes;
      if (max === undefined || file.size + Buffer.byteLength(text) <= max) {
        await file.append(text);
        return file;
      }
      // Over the limit: fill this file up to it line by line, then go on in a fresh one. A line
      // larger than maxBytes gets a file of its own rather than being split. JSON text never holds
      // a raw newline (JSON.stringify escapes it), so the newlines are exactly the line ends.
      let pending = '';
      let pendingBytes = 0;
      for (const line of text.slice(0, -1).split('\n')) {
        const bytes = Buffer.byteLength(line) + 1;
        if (file.size + pendingBytes + bytes > max && file.size + pendingBytes > 0) {
          if (pending) await file.append(pending);
          file = await files.rotateForSize(group, file);
          pending = '';
          pendingBytes = 0;
        }
        pending += `${line}\n`;
        pendingBytes += bytes;
      }
      if (pending) await file.append(pending);
      return file;
    };

    /** Writes one group's chunks in batch order: the files of a group follow each other in time. */
    const writeGroup = async (chunks: readonly (readonly [string, Chunk])[]) => {
      const touched = new Set<NdjsonFile>();
      for (const [rendered, chunk] of chunks) {
        const path = locate(rendered);
        let file: NdjsonFile | undefined;
        try {
          file = await files.fileFor(chunk.group, path);
          file = await append(chunk.group, file, chunk.text);
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

    const writeBatch = async (chunks: Map<string, Chunk>) => {
      // Each group has files of its own, so the groups write (and sync) side by side, each write on
      // a libuv thread, and a batch waits for its slowest file rather than for every file in turn.
      // All of them settle before the batch does, so the next batch never overtakes one of them.
      const groups = new Map<string, [string, Chunk][]>();
      for (const entry of chunks) {
        const group = groups.get(entry[1].group);
        if (group) group.push(entry);
        else groups.set(entry[1].group, [entry]);
      }
      const results = await Promise.allSettled(Array.from(groups.values(), writeGroup));
      for (const result of results) if (result.status === 'rejected') throw result.reason;
      await files.trim();
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
        let chunks: Map<string, Chunk>;
        try {
          chunks = split(batch);
        } catch (error) {
          return Promise.reject(errors.sinkFatal('file', `cannot serialize the batch as JSON: ${error instanceof Error ? error.message : String(error)}`, error));
        }
        const run = turn.then(() => writeBatch(chunks));
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
