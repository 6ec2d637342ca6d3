import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { Observable } from 'rxjs';
import { errors } from '../../errors/errors.js';
import type { RawFrame } from '../../model/events.js';

/**
 * Streams an NDJSON file line by line, so a multi-gigabyte export never sits in memory. Lines are
 * not parsed here: decode turns a bad line into a dead letter like any other bad frame.
 */
export function fileFrames(path: string, now: () => number): Observable<RawFrame> {
  return new Observable<RawFrame>((subscriber) => {
    const channelId = `eventbridge:file:${basename(path)}`;
    const stream = createReadStream(path, { encoding: 'utf8' });
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    const fail = (cause: NodeJS.ErrnoException) => {
      subscriber.error(errors.eventBridge(`cannot read ${path} (${cause.code ?? cause.message}): check the path in source.eventbridge.file`, cause));
    };
    // readline re-emits the stream's errors on itself; an unheard 'error' event would crash the process.
    stream.on('error', fail);
    lines.on('error', fail);
    lines.on('line', (line) => {
      if (line.trim().length === 0) return;
      subscriber.next({ data: line, channelId, receivedAt: now(), source: 'eventbridge' });
    });
    lines.on('close', () => {
      if (!stream.errored) subscriber.complete();
    });
    return () => {
      lines.close();
      stream.destroy();
    };
  });
}
