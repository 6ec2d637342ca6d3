import { createWriteStream, type WriteStream } from 'node:fs';

/** One notification the simulation produced, whether or not any socket received it. */
export interface TruthRecord {
  readonly topicName: string;
  /** The `metadata.CorrelationId` it carried on every channel it went to. */
  readonly correlationId: string;
  readonly conversationId: string | null;
  /** Simulated epoch ms. */
  readonly time: number;
}

export interface TruthLogOptions {
  /** Also append every record to this file as NDJSON (the file keeps everything). */
  file?: string;
  /**
   * How many records to keep in memory. Past it the oldest half is let go, so an emulator left
   * running for days stays bounded; indexes (`records(from)`, `size`) keep counting from the
   * first record ever produced. @default 1_000_000
   */
  maxRecords?: number;
}

/**
 * The ground truth: what the emulator emitted, one record per notification (not per channel).
 * End-to-end tests compare what reached gcstream's sinks against it.
 */
export function createTruthLog(options: TruthLogOptions = {}) {
  let records: TruthRecord[] = [];
  /** Records let go from the front of `records`: index `i` overall is `records[i - dropped]`. */
  let dropped = 0;
  const maxRecords = Math.max(2, options.maxRecords ?? 1_000_000);
  let stream: WriteStream | undefined = options.file ? createWriteStream(options.file, { flags: 'w' }) : undefined;
  let streamError: Error | undefined;
  stream?.on('error', (error) => (streamError = error));
  let highRateFrames = 0;

  return {
    record(record: TruthRecord): void {
      records.push(record);
      if (records.length > maxRecords) {
        const cut = records.length >> 1;
        records = records.slice(cut);
        dropped += cut;
      }
      stream?.write(`${JSON.stringify(record)}\n`);
    },
    /** High-rate frames are too many to keep one by one; they are counted. */
    countHighRate(frames: number): void {
      highRateFrames += frames;
    },
    get highRateFrames(): number {
      return highRateFrames;
    },
    /** Records from overall index `from` on (those still in memory). */
    records(from = 0): readonly TruthRecord[] {
      const start = from - dropped;
      return start > 0 ? records.slice(start) : records;
    },
    /** How many records were ever produced. */
    get size(): number {
      return dropped + records.length;
    },
    /** How many of the oldest records were let go from memory. */
    get dropped(): number {
      return dropped;
    },
    async close(): Promise<void> {
      const s = stream;
      stream = undefined;
      if (s) await new Promise<void>((resolve) => s.end(resolve));
      if (streamError) throw streamError;
    },
  };
}

export type TruthLog = ReturnType<typeof createTruthLog>;
