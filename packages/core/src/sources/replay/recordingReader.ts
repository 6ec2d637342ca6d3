import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { errors } from '../../errors/errors.js';
import type { RecordedFrame } from './replayOptions.js';

/** The frames of a recording in file order; a line that is not a recorded frame stops the replay with its line number. */
export async function* readRecording(file: string, signal: AbortSignal): AsyncGenerator<RecordedFrame> {
  const input = createReadStream(file);
  await new Promise<void>((ok, fail) => {
    input.once('open', () => ok());
    input.once('error', (error: NodeJS.ErrnoException) =>
      fail(errors.usage(`source.replay: cannot read the recording ${file} (${error.code ?? error.message}): check file, relative to the config, or record one with \`gcstream record --out ${file}\`.`)),
    );
  });
  const lines = createInterface({ input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
  signal.addEventListener('abort', () => lines.close(), { once: true });
  let number = 0;
  try {
    for await (const line of lines) {
      number++;
      if (signal.aborted) return;
      if (!line.trim()) continue;
      yield parseLine(line, file, number);
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

function parseLine(line: string, file: string, number: number): RecordedFrame {
  let parsed: Partial<RecordedFrame>;
  try {
    parsed = JSON.parse(line) as Partial<RecordedFrame>;
  } catch {
    parsed = {};
  }
  if (typeof parsed.data !== 'string' || typeof parsed.receivedAt !== 'number') {
    throw errors.usage(`${file}:${number}: not a recorded frame (expected {"receivedAt": <ms>, "channelId": ..., "data": "<frame>"}): replay a file written by \`gcstream record\`.`);
  }
  return { receivedAt: parsed.receivedAt, channelId: typeof parsed.channelId === 'string' ? parsed.channelId : 'replay', data: parsed.data, ...(typeof parsed.source === 'string' ? { source: parsed.source } : {}) };
}
