import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { redactUrlPasswords, type SecretSet } from '../logging/redact.js';
import type { DeadLetter } from '../model/events.js';
import type { Labels, Metrics } from '../metrics/metrics.js';

/**
 * Dead letters as NDJSON, one file per path, opened only when the first letter arrives so a
 * healthy run leaves no empty files behind.
 */
export interface DeadLetterOffice {
  /** Records one letter in `file` (or only counts and logs it when `file` is undefined). */
  post(letter: DeadLetter, file?: string): void;
  /** Total letters posted. */
  readonly count: number;
  close(): Promise<void>;
}

export interface DeadLetterOfficeOptions {
  /**
   * Secrets scrubbed from every line written. A sink's error message can quote its own request
   * (a URL with a password, an API key echoed back), and that message becomes the letter's reason.
   * @default the logger's secret set, when it is a gcstream logger
   */
  readonly secrets?: SecretSet;
}

export function createDeadLetterOffice(logger: Logger, metrics: Metrics, options: DeadLetterOfficeOptions = {}): DeadLetterOffice {
  const secrets = options.secrets ?? (logger as Logger & { secrets?: SecretSet }).secrets;
  const scrub = (line: string) => (secrets ? secrets.scrub(line) : redactUrlPasswords(line));
  const files = new Map<string, WriteStream>();
  // One labels object per stage: metrics format a series key once per labels object, and a sink
  // dropping under load posts a letter for every event.
  const labelsByStage = new Map<string, Labels>();
  const labelsOf = (stage: string): Labels => {
    let labels = labelsByStage.get(stage);
    if (labels === undefined) labelsByStage.set(stage, (labels = { stage }));
    return labels;
  };
  let count = 0;

  const open = (file: string): WriteStream | undefined => {
    const existing = files.get(file);
    if (existing) return existing;
    try {
      mkdirSync(dirname(file), { recursive: true });
      const stream = createWriteStream(file, { flags: 'a' });
      // A broken dead-letter file must not take the pipeline down with it.
      stream.on('error', (error) => logger.error({ err: error, file }, 'cannot write dead-letter file'));
      files.set(file, stream);
      logger.warn({ file }, 'dead letters are being written');
      return stream;
    } catch (error) {
      logger.error({ err: error, file }, 'cannot open dead-letter file');
      return undefined;
    }
  };

  return {
    get count() {
      return count;
    },
    post(letter, file) {
      count++;
      metrics.inc('gcstream_dead_letters_total', labelsOf(letter.stage));
      if (logger.isLevelEnabled('debug')) logger.debug({ stage: letter.stage, reason: letter.reason }, 'dead letter');
      if (file === undefined) return;
      // The whole line is scrubbed, so a secret in the reason or the payload never reaches the disk.
      open(file)?.write(`${scrub(safeStringify(letter))}\n`);
    },
    async close() {
      const closing = [...files.values()].map(
        (stream) => new Promise<void>((resolve) => stream.end(() => resolve())),
      );
      files.clear();
      await Promise.all(closing);
    },
  };
}

/** A payload may hold cycles or BigInts (a user operator's output); the letter must still be written. */
function safeStringify(letter: DeadLetter): string {
  try {
    return JSON.stringify(letter);
  } catch {
    return JSON.stringify({ ...letter, payload: String(letter.payload) });
  }
}
