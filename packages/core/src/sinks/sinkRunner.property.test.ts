import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errors } from '../errors/errors.js';
import { recordingSink, testEvent } from '../../test/pipelineSupport.js';
import { runner } from '../../test/sinkHarness.js';

type Outcome = 'ok' | 'retryable' | 'fatal' | 'hang';

describe('sink runner: conservation', () => {
  it('accounts for every event exactly once (delivered or dead-lettered), never buffering past bufferSize', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          onFull: fc.constantFrom('block' as const, 'drop-oldest' as const, 'dead-letter' as const),
          bufferSize: fc.integer({ min: 1, max: 5 }),
          size: fc.integer({ min: 1, max: 4 }),
          maxInFlight: fc.integer({ min: 1, max: 3 }),
          events: fc.integer({ min: 0, max: 40 }),
          outcomes: fc.array(fc.constantFrom<Outcome>('ok', 'ok', 'ok', 'retryable', 'fatal', 'hang'), { maxLength: 30 }),
        }),
        async ({ onFull, bufferSize, size, maxInFlight, events, outcomes }) => {
          const rec = recordingSink((call) => {
            const outcome = outcomes[call] ?? 'ok';
            if (outcome === 'retryable') return errors.sinkRetryable('test', 'busy');
            if (outcome === 'fatal') return errors.sinkFatal('test', 'refused');
            if (outcome === 'hang') return new Promise(() => {});
            return undefined;
          });
          const { r, dead, advance } = runner(rec.sink, { onFull, bufferSize, batch: { size, interval: 10 }, maxInFlight, writeTimeout: 1000, retry: { attempts: 2, initialDelay: 10, maxDelay: 40 } });
          for (let n = 1; n <= events; n++) {
            // A blocked offer waits for room, as the fan-out does; time passes meanwhile.
            while (!r.offer(testEvent(n))) await advance(10);
            expect(r.stats().buffered).toBeLessThanOrEqual(bufferSize);
          }
          void r.drain();
          await advance(60_000);
          r.abort('stopping');
          await advance(0);
          const delivered = rec.delivered();
          const deadLettered = dead.map(([n]) => n);
          expect(new Set(delivered).size).toBe(delivered.length);
          expect([...delivered, ...deadLettered].sort((a, b) => a - b)).toEqual(Array.from({ length: events }, (_, i) => i + 1));
          expect(r.stats()).toMatchObject({ delivered: delivered.length, deadLettered: deadLettered.length, buffered: 0, inFlight: 0 });
          if (onFull === 'block') expect(r.stats().dropped).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});
