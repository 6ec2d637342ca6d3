import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { errors, type PipelineTestCase, type RawFrame } from '@gcstream/core';

/** Test inputs get fixed receive times, so outputs (and `exact` expectations) do not change between runs. */
const TEST_EPOCH = Date.UTC(2026, 0, 1);

/**
 * A case's inputs as frames: the inline `input` list, then the lines of `inputFile`. A line may
 * be a notification, an event written by the file sink (its extra fields are ignored by decode),
 * or a frame recorded by `gcstream record` (`{"data": "<frame text>", ...}`).
 */
export async function caseFrames(testCase: PipelineTestCase, baseDir: string): Promise<RawFrame[]> {
  const texts: string[] = (testCase.input ?? []).map((input) => ('frame' in input && typeof input.frame === 'string' ? input.frame : JSON.stringify(input)));
  if (testCase.inputFile !== undefined) texts.push(...(await fileFrames(resolve(baseDir, testCase.inputFile))));
  return texts.map((data, index) => ({ data, channelId: 'gcstream-test', receivedAt: TEST_EPOCH + index }));
}

async function fileFrames(file: string): Promise<string[]> {
  const frames: string[] = [];
  const input = createReadStream(file);
  const opened = new Promise<void>((ok, fail) => {
    input.once('open', () => ok());
    input.once('error', fail);
  });
  try {
    await opened;
  } catch (error) {
    throw errors.usage(`inputFile ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): check the path, relative to the config.`);
  }
  const lines = createInterface({ input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    frames.push(recordedFrame(line) ?? line);
  }
  return frames;
}

/** The frame text of a `gcstream record` line, or undefined for any other line. */
function recordedFrame(line: string): string | undefined {
  try {
    const parsed = JSON.parse(line) as { data?: unknown; topicName?: unknown };
    return typeof parsed.data === 'string' && parsed.topicName === undefined ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
