import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Metrics } from '../../metrics/metrics.js';
import { decodeSegment, type SpooledEvent } from './record.js';

export interface Segment {
  readonly file: string;
  readonly first: number;
  last: number;
  bytes: number;
}

/**
 * Reads every segment left by a previous run, in order. A torn last write or a damaged record is
 * skipped with a warning and counted; an unreadable file is skipped whole. Nothing here throws for
 * what is on disk, so a damaged spool never stops gcstream from starting.
 */
export async function readSegments(dir: string, logger: Logger, metrics: Metrics | undefined): Promise<{ segments: Segment[]; recovered: SpooledEvent[] }> {
  const segments: Segment[] = [];
  const recovered: SpooledEvent[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.startsWith('segment-')).sort()) {
    const file = join(dir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      logger.warn({ err: error, file }, 'spool segment unreadable; skipping it');
      continue;
    }
    const { events, corrupt, torn } = decodeSegment(text, recovered[recovered.length - 1]?.seq ?? 0);
    if (corrupt > 0) {
      logger.warn({ file, records: corrupt }, `skipping ${corrupt} damaged spool records (checksum or format); those events cannot be replayed`);
      metrics?.inc('gcstream_spool_corrupt_records_total', undefined, corrupt);
    }
    // The last line of a segment can be cut short by a crash mid-write; that event never reached a sink.
    if (torn) {
      logger.warn({ file }, 'skipping a spool record cut short by a crash mid-write');
      metrics?.inc('gcstream_spool_corrupt_records_total', undefined, 1);
    }
    if (events.length === 0) {
      await rm(file, { force: true });
      continue;
    }
    segments.push({ file, first: events[0]!.seq, last: events[events.length - 1]!.seq, bytes: Buffer.byteLength(text) });
    recovered.push(...events);
  }
  return { segments, recovered };
}
