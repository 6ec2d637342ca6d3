import { map, range } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { createMetrics } from '../metrics/metrics.js';
import { runPipeline } from '../pipeline/runPipeline.js';
import { frame, recordingSink, testDecode } from '../../test/pipelineSupport.js';

describe('sink isolation', () => {
  it.each(['drop-oldest', 'dead-letter'] as const)('a stalled sink with onFull: %s stays within bufferSize while the other sink gets every event', async (onFull) => {
    const total = 20_000;
    const metrics = createMetrics();
    const stalled = recordingSink(() => new Promise(() => {}));
    const healthy = recordingSink();
    let peakBuffered = 0;
    const summary = await runPipeline({
      source$: range(1, total).pipe(map(frame)),
      decode: testDecode,
      sinks: [
        { name: 'stalled', engine: { batch: { size: 50, interval: 5 }, bufferSize: 200, onFull, writeTimeout: 0 }, create: () => stalled.sink },
        {
          name: 'healthy',
          // block: the burst waits for this sink instead of overflowing it; the stalled sink never holds it.
          engine: { batch: { size: 500, interval: 5 }, bufferSize: 1000, onFull: 'block' },
          create: () => ({
            ...healthy.sink,
            write: async (batch) => {
              peakBuffered = Math.max(peakBuffered, metrics.get('gcstream_sink_buffered', { sink: 'stalled' }));
              await healthy.sink.write(batch);
            },
          }),
        },
      ],
      logger: createLogger({ level: 'silent' }),
      metrics,
      // The stalled sink never drains, so the run always waits this out; the healthy one needs far less.
      shutdownTimeout: 2_000,
    });
    expect(healthy.delivered()).toHaveLength(total);
    expect(peakBuffered).toBe(200);
    const stats = summary.sinks.stalled!;
    // One batch stuck in its write, 200 waiting; every other event dropped to dead letters, and at
    // the hard stop the stuck batch and the waiting ones were dead-lettered too.
    expect(stats).toMatchObject({ delivered: 0, dropped: total - 50 - 200, deadLettered: total, buffered: 0, inFlight: 0 });
    expect(metrics.get('gcstream_sink_dropped_total', { sink: 'stalled', policy: onFull })).toBe(total - 250);
  });
});
