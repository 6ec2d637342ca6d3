import { describe, expect, it } from 'vitest';
import { isGcsError } from '../errors/errors.js';
import { createLogger } from '../logging/logger.js';
import { createMetrics } from '../metrics/metrics.js';
import { recordingSink } from '../../test/pipelineSupport.js';
import { virtualClock } from '../../test/virtualClock.js';
import { openSinks } from './_openSinks.js';
import { sinkEngineDefaults } from './sinkEngineOptions.js';

const context = (secrets: string[] = []) => ({
  logger: createLogger({ level: 'silent', secrets }),
  metrics: createMetrics(),
  baseDir: '.',
  stdout: process.stdout,
  signal: new AbortController().signal,
});

describe('openSinks', () => {
  it("names the sink whose create() throws, with the plugin's secret scrubbed, and closes those already open", async () => {
    const first = recordingSink();
    const error = await openSinks(
      [
        { name: 'first', engine: sinkEngineDefaults(), create: () => first.sink },
        {
          name: 'crm',
          engine: sinkEngineDefaults(),
          create: () => {
            throw new Error('bad apiKey sk-live-0123456789 for https://crm:pa55word@crm.example.com');
          },
        },
      ],
      context(['sk-live-0123456789']),
    ).catch((e: unknown) => e);
    expect(isGcsError(error, 'GCS_SINK_FATAL')).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^\[gcstream\] \[sink:crm\] cannot start: bad apiKey .* Check this sink's options/);
    expect(message).not.toContain('sk-live-0123456789');
    expect(message).not.toContain('pa55word');
    expect(first.calls).toEqual(['connect', 'close']);
  });

  it('retries a retryable connect on its scheduler, then rejects naming the sink', async () => {
    const clock = virtualClock();
    let connects = 0;
    const opening = openSinks(
      [
        {
          name: 'db',
          engine: sinkEngineDefaults({ retry: { attempts: 2, initialDelay: 1000, maxDelay: 1000 } }),
          create: () => ({
            connect: async () => {
              connects++;
              throw Object.assign(new Error('ECONNREFUSED 127.0.0.1:5432'), { retryable: true });
            },
            write: async () => {},
            close: async () => {},
          }),
        },
      ],
      { ...context(), scheduler: clock.scheduler, random: () => 0.5 },
    ).catch((e: unknown) => e);
    await clock.advance(0);
    expect(connects).toBe(1);
    await clock.advance(500);
    expect(connects).toBe(2);
    await clock.advance(1000);
    expect(connects).toBe(3);
    expect(((await opening) as Error).message).toMatch(/^\[gcstream\] \[sink:db\] cannot start: ECONNREFUSED 127\.0\.0\.1:5432\./);
  });
});
