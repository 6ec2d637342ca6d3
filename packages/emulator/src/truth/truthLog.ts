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
  /** Also append every record to this file as NDJSON. */
  file?: string;
}

/**
 * The ground truth: what the emulator emitted, one record per notification (not per channel).
 * End-to-end tests compare what reached gcstream's sinks against it.
 */
export function createTruthLog(options: TruthLogOptions = {}) {
  const records: TruthRecord[] = [];
  let stream: WriteStream | undefined = options.file ? createWriteStream(options.file, { flags: 'w' }) : undefined;
  let streamError: Error | undefined;
  stream?.on('error', (error) => (streamError = error));
  let highRateFrames = 0;

  return {
    record(record: TruthRecord): void {
      records.push(record);
      stream?.write(`${JSON.stringify(record)}\n`);
    },
    /** High-rate frames are too many to keep one by one; they are counted. */
    countHighRate(frames: number): void {
      highRateFrames += frames;
    },
    get highRateFrames(): number {
      return highRateFrames;
    },
    records(from = 0): readonly TruthRecord[] {
      return from > 0 ? records.slice(from) : records;
    },
    get size(): number {
      return records.length;
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
