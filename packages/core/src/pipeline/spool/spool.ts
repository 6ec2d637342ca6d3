import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { GenesysEvent } from '../../model/events.js';
import { AckTracker } from './ackTracker.js';

/** An event with its place in the spool. */
export interface SpooledEvent {
  readonly seq: number;
  readonly event: GenesysEvent;
}

export interface SpoolOptions {
  /** The spool's folder; created when missing. */
  readonly dir: string;
  /** The sinks of this pipeline, by label. A sink the spool has not seen starts at the newest event. */
  readonly sinks: readonly string[];
  readonly logger: Logger;
  /** Events per segment file; a segment is deleted once every sink is past it. @default 10000 */
  readonly segmentSize?: number;
  /** How often acknowledgements are saved. @default 1000 */
  readonly saveInterval?: number;
}

/**
 * A durable spool: every event that reaches the fan-out is appended before any sink sees it, and
 * each sink's progress is saved, so the events a crash or a cut-short drain left undelivered are
 * replayed to the sinks that missed them on the next start (at-least-once). It survives the process
 * dying; it does not fsync, so it does not promise to survive the machine losing power.
 */
export interface Spool {
  /** Events recovered from the previous run that `sink` had not finished. */
  pending(sink: string): readonly SpooledEvent[];
  append(event: GenesysEvent): SpooledEvent;
  ack(sink: string, seq: number): void;
  close(): Promise<void>;
}

interface Segment {
  readonly file: string;
  readonly first: number;
  last: number;
}

const ACKS = 'acks.json';
const segmentName = (first: number) => `segment-${String(first).padStart(15, '0')}.ndjson`;

export async function openSpool(options: SpoolOptions): Promise<Spool> {
  const { dir, logger } = options;
  const segmentSize = options.segmentSize ?? 10_000;
  await mkdir(dir, { recursive: true });

  const saved = await readAcks(join(dir, ACKS), logger);
  const segments: Segment[] = [];
  const recovered: SpooledEvent[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.startsWith('segment-')).sort()) {
    const file = join(dir, name);
    const events = parseSegment(await readFile(file, 'utf8'), file, logger);
    if (events.length === 0) {
      await rm(file, { force: true });
      continue;
    }
    segments.push({ file, first: events[0]!.seq, last: events[events.length - 1]!.seq });
    recovered.push(...events);
  }
  const newest = recovered.length ? recovered[recovered.length - 1]!.seq : Math.max(0, ...Object.values(saved ?? {}));
  // No saved progress at all (a crash before the first save): every sink may have missed every
  // event, so all are replayed. A sink missing from saved progress is new to this spool and starts
  // at the newest event rather than receiving the whole history.
  const start = (sink: string) => (saved === undefined ? (recovered[0]?.seq ?? newest + 1) - 1 : (saved[sink] ?? newest));
  const tracker = new AckTracker(new Map(options.sinks.map((sink) => [sink, start(sink)])));
  const pending = new Map(options.sinks.map((sink) => [sink, recovered.filter((e) => e.seq > tracker.watermark(sink))]));
  const replay = Math.max(0, ...[...pending.values()].map((p) => p.length));
  if (replay > 0) logger.warn({ dir, events: replay }, 'replaying events a previous run did not deliver');

  let nextSeq = newest + 1;
  let current: { segment: Segment; stream: WriteStream; count: number } | undefined;
  let savedLow = tracker.low();
  let dirty = false;

  const roll = () => {
    current?.stream.end();
    const segment: Segment = { file: join(dir, segmentName(nextSeq)), first: nextSeq, last: nextSeq - 1 };
    const stream = createWriteStream(segment.file, { flags: 'a' });
    stream.on('error', (error) => logger.error({ err: error, file: segment.file }, 'cannot write the spool'));
    segments.push(segment);
    current = { segment, stream, count: 0 };
  };

  const save = async () => {
    if (!dirty) return;
    dirty = false;
    const tmp = join(dir, `${ACKS}.tmp`);
    await writeFile(tmp, JSON.stringify(tracker.snapshot()));
    await rename(tmp, join(dir, ACKS));
    const low = tracker.low();
    if (low === savedLow) return;
    savedLow = low;
    // A segment goes once the slowest sink is past its last event (and it is not being written).
    while (segments.length > 0 && segments[0]!.last <= low && segments[0] !== current?.segment) {
      await rm(segments.shift()!.file, { force: true });
    }
  };
  let saving: Promise<void> = Promise.resolve();
  const scheduleSave = () => {
    saving = saving.then(save).catch((error: unknown) => logger.error({ err: error, dir }, 'cannot save spool acknowledgements'));
    return saving;
  };
  const timer = setInterval(scheduleSave, options.saveInterval ?? 1000);
  timer.unref();

  return {
    pending: (sink) => pending.get(sink) ?? [],
    append(event) {
      if (!current || current.count >= segmentSize) roll();
      const spooled = { seq: nextSeq++, event };
      current!.stream.write(`${JSON.stringify(spooled)}\n`);
      current!.count++;
      current!.segment.last = spooled.seq;
      return spooled;
    },
    ack(sink, seq) {
      tracker.ack(sink, seq);
      dirty = true;
    },
    async close() {
      clearInterval(timer);
      pending.clear();
      const stream = current?.stream;
      if (stream) await new Promise<void>((resolve) => stream.end(() => resolve()));
      current = undefined;
      dirty = true;
      await scheduleSave();
    },
  };
}

async function readAcks(file: string, logger: Logger): Promise<Record<string, number> | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err: error, file }, 'spool acknowledgements unreadable; replaying the whole spool');
    return undefined;
  }
}

function parseSegment(text: string, file: string, logger: Logger): SpooledEvent[] {
  const events: SpooledEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const spooled = JSON.parse(line) as SpooledEvent;
      if (typeof spooled.seq === 'number' && typeof spooled.event === 'object') events.push(spooled);
    } catch {
      // The last line of a segment can be cut short by a crash mid-write; that event never reached a sink.
      logger.warn({ file }, 'skipping a truncated spool line');
    }
  }
  return events;
}
