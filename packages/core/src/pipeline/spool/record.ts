import { crc32 } from 'node:zlib';
import type { GenesysEvent } from '../../model/events.js';

/** An event with its place in the spool. */
export interface SpooledEvent {
  readonly seq: number;
  readonly event: GenesysEvent;
}

/**
 * One line per event: the CRC-32 of the JSON in 8 hex digits, a tab, the JSON. JSON never holds a
 * raw newline, so a line is a record; the checksum catches a flipped byte that still parses.
 */
export function encodeRecord(spooled: SpooledEvent): string {
  const json = JSON.stringify(spooled);
  return `${checksum(json)}\t${json}\n`;
}

const checksum = (json: string) => crc32(json).toString(16).padStart(8, '0');

export interface DecodedSegment {
  readonly events: SpooledEvent[];
  /** Lines that failed their checksum, did not parse, or were out of order: skipped. */
  readonly corrupt: number;
  /** The last line had no newline: a write the process died in the middle of. */
  readonly torn: boolean;
}

/** Reads a segment's records, skipping any that a torn write or a damaged disk left unreadable. */
export function decodeSegment(text: string, afterSeq = 0): DecodedSegment {
  const events: SpooledEvent[] = [];
  let corrupt = 0;
  let last = afterSeq;
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  const torn = tail.length > 0;
  for (const line of lines) {
    if (!line) continue;
    const spooled = decodeLine(line);
    // A seq that does not climb is damage (a flipped digit that kept the JSON valid and checksum
    // only on legacy lines): replaying it could reorder or repeat events.
    if (!spooled || spooled.seq <= last) {
      corrupt++;
      continue;
    }
    last = spooled.seq;
    events.push(spooled);
  }
  return { events, corrupt, torn };
}

function decodeLine(line: string): SpooledEvent | undefined {
  const tab = line.indexOf('\t');
  // Spools written before checksums hold bare JSON lines; they are still read.
  const json = tab === 8 ? line.slice(9) : line.startsWith('{') ? line : undefined;
  if (json === undefined) return undefined;
  if (tab === 8 && line.slice(0, 8) !== checksum(json)) return undefined;
  try {
    const parsed = JSON.parse(json) as Partial<SpooledEvent> | null;
    if (!parsed || !Number.isSafeInteger(parsed.seq) || typeof parsed.event !== 'object' || parsed.event === null) return undefined;
    return parsed as SpooledEvent;
  } catch {
    return undefined;
  }
}
