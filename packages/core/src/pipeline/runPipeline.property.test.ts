import fc from 'fast-check';
import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { errors } from '../errors/errors.js';
import { frame, recordingSink, silentLogger, testDecode } from '../../test/pipelineSupport.js';
import { runPipeline } from './runPipeline.js';

/**
 * Conservation: whatever the batching, concurrency and failures, every event that reaches the
 * fan-out is, for every sink, either delivered or dead-lettered, never both, never neither.
 */
describe('runPipeline properties', () => {
  it('every event is delivered or dead-lettered by every sink, exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.array(
          fc.record({
            size: fc.integer({ min: 1, max: 8 }),
            maxInFlight: fc.integer({ min: 1, max: 3 }),
            attempts: fc.integer({ min: 0, max: 3 }),
            bufferSize: fc.integer({ min: 1, max: 20 }),
            onFull: fc.constantFrom('drop' as const, 'block' as const),
            // Per write call: 0 succeeds, 1 throws a retryable error, 2 a fatal one.
            failures: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 12 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        async (count, sinkSpecs) => {
          const sinks = sinkSpecs.map((spec, index) => {
            const rec = recordingSink((call) => {
              const kind = spec.failures[call] ?? 0;
              if (kind === 1) return errors.sinkRetryable(`s${index}`, 'try again');
              if (kind === 2) return errors.sinkFatal(`s${index}`, 'no');
              // Yield so writes overlap and maxInFlight matters.
              return new Promise((resolve) => setImmediate(resolve));
            });
            return { spec, rec, name: `s${index}` };
          });
          const summary = await runPipeline({
            source$: from(Array.from({ length: count }, (_, n) => frame(n))),
            decode: testDecode,
            sinks: sinks.map(({ spec, rec, name }) => ({
              name,
              create: () => rec.sink,
              engine: {
                batch: { size: spec.size, interval: 1 },
                maxInFlight: spec.maxInFlight,
                bufferSize: spec.bufferSize,
                onFull: spec.onFull,
                retry: { attempts: spec.attempts, initialDelay: 0, maxDelay: 0 },
              },
            })),
            logger: silentLogger,
            shutdownTimeout: 20_000,
          });
          expect(summary.events).toBe(count);
          expect(summary.drained).toBe(true);
          for (const { name, rec } of sinks) {
            const stats = summary.sinks[name]!;
            const delivered = rec.delivered();
            expect(new Set(delivered).size).toBe(delivered.length);
            expect(stats.delivered).toBe(delivered.length);
            expect(stats.delivered + stats.deadLettered).toBe(count);
          }
          // A blocking sink never drops; it may only dead-letter what its writes gave up on.
          for (const { spec, name } of sinks) if (spec.onFull === 'block') expect(summary.sinks[name]!.dropped).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
