import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Metrics } from '../../metrics/metrics.js';
import type { GenesysEvent } from '../../model/events.js';
import { AckTracker } from './ackTracker.js';
import { encodeRecord, type SpooledEvent } from './record.js';
import { readSegments, type Segment } from './readSegments.js';
import { SegmentWriter } from './segmentWriter.js';

export type { SpooledEvent } from './record.js';

/** What the spool does when `maxBytes` is reached. */
export type SpoolFullPolicy = 'drop-oldest' | 'stop-spooling';

export interface SpoolOptions {
  /** The spool's folder; created when missing. */
  readonly dir: string;
  /** The sinks of this pipeline, by label. A sink the spool has not seen starts at the newest event. */
  readonly sinks: readonly string[];
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Events per segment file; a segment is deleted once every sink is past it. @default 10000 */
  readonly segmentSize?: number;
  /**
   * How often acknowledgements are saved: after a crash, a sink may get again what it confirmed in
   * this last stretch (PostgreSQL and NATS drop such repeats; a file or webhook receives them). @default 200
   */
  readonly saveInterval?: number;
  /** How often appended events are fsynced: what a power cut can lose. @default 200 */
  readonly fsyncInterval?: number;
  /** Disk the segments may take. @default 1 GiB */
  readonly maxBytes?: number;
  /**
   * When full: `drop-oldest` deletes the oldest segment (its undelivered events are no longer
   * protected against a crash); `stop-spooling` hands new events to the sinks unspooled until
   * confirmed segments free room. Either way the sinks still get every event while the process lives.
   * @default drop-oldest
   */
  readonly onFull?: SpoolFullPolicy;
}

/**
 * A durable spool: every event that reaches the fan-out is appended (checksummed, fsynced in
 * batches) before any sink sees it, and each sink's progress is saved, so the events a crash or a
 * cut-short drain left undelivered are replayed to the sinks that missed them on the next start
 * (at-least-once). Damaged records are skipped with a warning.
 */
export interface Spool {
  /** Events recovered from the previous run that `sink` had not finished. */
  pending(sink: string): readonly SpooledEvent[];
  append(event: GenesysEvent): SpooledEvent;
  ack(sink: string, seq: number): void;
  close(): Promise<void>;
}

interface Current {
  readonly segment: Segment;
  readonly writer: SegmentWriter;
  count: number;
}

const ACKS = 'acks.json';
const segmentName = (first: number) => `segment-${String(first).padStart(15, '0')}.ndjson`;

export async function openSpool(options: SpoolOptions): Promise<Spool> {
  const { dir, logger, metrics } = options;
  const segmentSize = options.segmentSize ?? 10_000;
  const maxBytes = options.maxBytes ?? 1024 ** 3;
  const onFull = options.onFull ?? 'drop-oldest';
  await mkdir(dir, { recursive: true });

  const saved = await readAcks(join(dir, ACKS), logger);
  const { segments, recovered } = await readSegments(dir, logger, metrics);
  // Acknowledgements can run past the last segment (events stop-spooling handed on unwritten, a
  // segment tail a power cut lost after acks.json was synced): numbering from the segments alone
  // gave new events seqs a sink had already confirmed, so a crash before their delivery lost them.
  const newest = Math.max(recovered[recovered.length - 1]?.seq ?? 0, ...Object.values(saved ?? {}));
  // No saved progress at all (a crash before the first save): every sink may have missed every
  // event, so all are replayed. A sink missing from saved progress is new to this spool and starts
  // at the newest event rather than receiving the whole history.
  const start = (sink: string) => (saved === undefined ? (recovered[0]?.seq ?? newest + 1) - 1 : (saved[sink] ?? newest));
  const tracker = new AckTracker(new Map(options.sinks.map((sink) => [sink, start(sink)])));
  const pending = new Map(options.sinks.map((sink) => [sink, recovered.filter((e) => e.seq > tracker.watermark(sink))]));
  // Seqs up to `newest` that are not on disk (damaged records, dropped segments, unspooled events)
  // are never replayed, so never acknowledged: unskipped, they held the sink's watermark below them
  // for good, and with it compaction, and every later run replayed the whole spool again.
  for (const [sink, events] of pending) {
    let before = tracker.watermark(sink);
    for (const { seq } of events) {
      if (seq > before + 1) tracker.skip(sink, before + 1, seq - 1);
      before = seq;
    }
    if (newest > before) tracker.skip(sink, before + 1, newest);
  }
  const replay = Math.max(0, ...[...pending.values()].map((p) => p.length));
  if (replay > 0) logger.warn({ dir, events: replay }, 'replaying events a previous run did not deliver');
  metrics?.inc('gcstream_spool_replayed_events_total', undefined, replay);

  let nextSeq = newest + 1;
  let current: Current | undefined;
  let bytes = segments.reduce((sum, s) => sum + s.bytes, 0);
  let full = false;
  let savedLow = tracker.low();
  let dirty = false;
  const report = () => {
    metrics?.set('gcstream_spool_bytes', bytes);
    metrics?.set('gcstream_spool_full', full ? 1 : 0);
  };
  report();

  const roll = (first: number) => {
    current?.writer.close();
    const segment: Segment = { file: join(dir, segmentName(first)), first, last: first - 1, bytes: 0 };
    const writer = new SegmentWriter(segment.file, (error) => logger.error({ err: error, file: segment.file }, 'cannot write the spool'));
    segments.push(segment);
    current = { segment, writer, count: 0 };
  };

  /**
   * Segment files drop-oldest is deleting. `close` waits for them: a spool closed (or a process
   * that exits right after) with a deletion still in flight left the segment on disk, over
   * `maxBytes`, and its dropped events were replayed on the next start.
   */
  const removals = new Set<Promise<void>>();
  const dropSegment = (segment: Segment) => {
    if (segment === current?.segment) {
      current.writer.close();
      current = undefined;
    }
    segments.splice(segments.indexOf(segment), 1);
    bytes -= segment.bytes;
    // Held only while in flight, so a spool that drops segments for days holds none of the finished deletions.
    const removal: Promise<void> = rm(segment.file, { force: true })
      .catch((error: unknown) => logger.error({ err: error, file: segment.file }, 'cannot delete a dropped spool segment'))
      .finally(() => removals.delete(removal));
    removals.add(removal);
  };

  /** Makes room for `size` more bytes by the configured policy; false when the event is not to be spooled. */
  const room = (size: number): boolean => {
    if (bytes + size <= maxBytes && !(full && onFull === 'stop-spooling' && bytes + size > maxBytes * 0.9)) {
      if (full) {
        full = false;
        logger.warn({ dir, bytes, maxBytes }, 'spool has room again; new events are spooled');
        report();
      }
      return true;
    }
    if (!full) {
      full = true;
      logger.warn({ dir, bytes, maxBytes, onFull }, onFull === 'drop-oldest'
        ? `spool full (maxBytes ${maxBytes}); deleting the oldest segments: their undelivered events are no longer kept for a crash`
        : `spool full (maxBytes ${maxBytes}); new events go to the sinks without being spooled until sinks confirm older ones`);
      report();
    }
    if (onFull === 'stop-spooling') return false;
    while (bytes + size > maxBytes && segments.length > 0) {
      const oldest = segments[0]!;
      const unconfirmed = Math.max(0, oldest.last - Math.max(oldest.first - 1, tracker.low()));
      metrics?.inc('gcstream_spool_dropped_events_total', undefined, unconfirmed);
      if (unconfirmed > 0) logger.warn({ file: oldest.file, events: unconfirmed }, 'spool full: dropped a segment with unconfirmed events');
      dropSegment(oldest);
    }
    return true;
  };

  const save = async () => {
    if (!dirty) return;
    dirty = false;
    const tmp = join(dir, `${ACKS}.tmp`);
    await writeFile(tmp, JSON.stringify(tracker.snapshot()), { flush: true });
    await rename(tmp, join(dir, ACKS));
    const low = tracker.low();
    if (low === savedLow) return;
    savedLow = low;
    // Compaction: a segment goes once the slowest sink is past its last event (and it is not being written).
    while (segments.length > 0 && segments[0]!.last <= low && segments[0] !== current?.segment) {
      const segment = segments.shift()!;
      bytes -= segment.bytes;
      await rm(segment.file, { force: true });
    }
    report();
  };
  let saving: Promise<void> = Promise.resolve();
  const scheduleSave = () => {
    saving = saving.then(save).catch((error: unknown) => logger.error({ err: error, dir }, 'cannot save spool acknowledgements'));
    return saving;
  };
  const saveTimer = setInterval(scheduleSave, options.saveInterval ?? 200);
  saveTimer.unref();
  const syncTimer = setInterval(() => current?.writer.sync(), options.fsyncInterval ?? 200);
  syncTimer.unref();

  return {
    pending: (sink) => pending.get(sink) ?? [],
    append(event) {
      const spooled = { seq: nextSeq++, event };
      const record = encodeRecord(spooled);
      const size = Buffer.byteLength(record);
      if (!room(size)) {
        metrics?.inc('gcstream_spool_unspooled_events_total');
        return spooled;
      }
      if (!current || current.count >= segmentSize) roll(spooled.seq);
      current!.writer.write(record);
      current!.count++;
      current!.segment.last = spooled.seq;
      current!.segment.bytes += size;
      bytes += size;
      metrics?.inc('gcstream_spool_appended_events_total');
      return spooled;
    },
    ack(sink, seq) {
      tracker.ack(sink, seq);
      dirty = true;
    },
    async close() {
      clearInterval(saveTimer);
      clearInterval(syncTimer);
      pending.clear();
      current?.writer.close();
      current = undefined;
      dirty = true;
      await Promise.all([scheduleSave(), ...removals]);
    },
  };
}

async function readAcks(file: string, logger: Logger): Promise<Record<string, number> | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => Number.isSafeInteger(entry[1])));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err: error, file }, 'spool acknowledgements unreadable; replaying the whole spool');
    return undefined;
  }
}

