import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subject, from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import type { RawFrame } from '../model/events.js';
import { runPipeline } from '../pipeline/runPipeline.js';
import { frame, recordingSink, testDecode } from '../../test/pipelineSupport.js';

describe('hard stop with a spool and a write that never returns', () => {
  it('counts the batch still being written among the events kept for the next run, and the next run delivers them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-hard-stop-'));
    const lines: Array<{ msg: string; events?: number }> = [];
    const logger = createLogger({ level: 'warn', destination: { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) } });
    const hung = recordingSink(() => new Promise(() => {}));
    const source = new Subject<RawFrame>();
    const stop = new AbortController();
    const run = runPipeline({
      source$: source,
      decode: testDecode,
      sinks: [{ name: 'db', engine: { batch: { size: 2, interval: 1 }, writeTimeout: 0 }, create: () => hung.sink }],
      logger,
      signal: stop.signal,
      baseDir: dir,
      shutdownTimeout: 50,
      spool: { dir: 'spool' },
    });
    while (!source.observed) await new Promise((resolve) => setTimeout(resolve, 1));
    for (let n = 1; n <= 3; n++) source.next(frame(n));
    while (!hung.calls.includes('write')) await new Promise((resolve) => setTimeout(resolve, 1));
    stop.abort();
    const summary = await run;
    expect(summary.drained).toBe(false);
    expect(summary.deadLetters).toBe(0);
    // 1 and 2 were being written, 3 was buffered: all three stay in the spool, and the count says so.
    expect(lines.find((line) => line.msg === 'events kept in the spool for the next run')?.events).toBe(3);

    const healthy = recordingSink();
    await runPipeline({ source$: from<RawFrame[]>([]), decode: testDecode, sinks: [{ name: 'db', create: () => healthy.sink }], logger, baseDir: dir, spool: { dir: 'spool' } });
    expect(healthy.delivered()).toEqual([1, 2, 3]);
  });
});
