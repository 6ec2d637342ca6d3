import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { Observable } from 'rxjs';
import { errors } from '../../errors/errors.js';
import type { RawFrame } from '../../model/events.js';

/**
 * When an archived EventBridge event was delivered: its `time`, when EventBridge took it from
 * Genesys Cloud. Reading the archive is not receiving it: stamped with the time of reading, a
 * message receipt it shows would count as delivered as late as the archive was read. Undefined
 * for a line without one (a bare notification), which is stamped with the time of reading.
 */
function deliveredAt(parsed: unknown): number | undefined {
  const time = (parsed as { time?: unknown } | null)?.time;
  if (typeof time !== 'string') return undefined;
  const at = Date.parse(time);
  return Number.isFinite(at) ? at : undefined;
}

/**
 * Streams an NDJSON file line by line, so a multi-gigabyte export never sits in memory. Each line
 * is parsed once, here, for its delivery time, and handed to decode parsed; a line that is not
 * JSON goes on as text, and decode turns it into a dead letter like any other bad frame.
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
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return subscriber.next({ data: line, channelId, receivedAt: now(), source: 'eventbridge' });
      }
      subscriber.next({ data: line, channelId, receivedAt: deliveredAt(parsed) ?? now(), source: 'eventbridge', parsed });
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
