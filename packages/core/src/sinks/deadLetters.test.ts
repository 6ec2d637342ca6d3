import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { errors } from '../errors/errors.js';
import { createLogger } from '../logging/logger.js';
import { createMetrics } from '../metrics/metrics.js';
import { runPipeline } from '../pipeline/runPipeline.js';
import { frame, testDecode } from '../../test/pipelineSupport.js';
import { createDeadLetterOffice } from './deadLetters.js';

const readLetters = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { stage: string; reason: string; attempts?: number; payload: { key: string } });

describe('dead letters', () => {
  it('never write a secret: the reason and payload are scrubbed with the logger secret set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-dead-'));
    const file = join(dir, 'dead.ndjson');
    const logger = createLogger({ level: 'silent', secrets: ['s3cr3t-client-secret', 'api-key-12345'] });
    const office = createDeadLetterOffice(logger, createMetrics());
    office.post({ stage: 'sink:webhook', reason: 'HTTP 401 for key api-key-12345 (client secret s3cr3t-client-secret)', payload: { note: 'api-key-12345' }, at: 1, attempts: 3 }, file);
    office.post({ stage: 'sink:postgres', reason: 'cannot connect to postgres://gcs:hunter2@127.0.0.1/db', payload: {}, at: 2 }, file);
    await office.close();
    const text = readFileSync(file, 'utf8');
    for (const secret of ['s3cr3t-client-secret', 'api-key-12345', 'hunter2']) expect(text).not.toContain(secret);
    const [first] = readLetters(file);
    expect(first).toMatchObject({ stage: 'sink:webhook', attempts: 3 });
    expect(first!.reason).toContain('HTTP 401');
  });

  it('a pipeline writes a failing sink reason redacted, with the attempt count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-dead-'));
    const secret = 'Bearer-xyz-very-secret';
    const summary = await runPipeline({
      source$: of(frame(1), frame(2)),
      decode: testDecode,
      sinks: [
        {
          name: 'hook',
          engine: { batch: { size: 2, interval: 5 }, retry: { attempts: 1, initialDelay: 1, maxDelay: 1 }, deadLetterFile: 'hook.ndjson' },
          create: () => ({
            write: async () => {
              throw errors.sinkRetryable('hook', `HTTP 503 with authorization ${secret}`);
            },
            close: async () => {},
          }),
        },
      ],
      logger: createLogger({ level: 'silent', secrets: [secret] }),
      baseDir: dir,
    });
    expect(summary.sinks.hook).toMatchObject({ delivered: 0, deadLettered: 2, retries: 1 });
    const letters = readLetters(join(dir, 'hook.ndjson'));
    expect(letters.map((l) => l.payload.key)).toEqual(['k1', 'k2']);
    for (const letter of letters) {
      expect(letter).toMatchObject({ stage: 'sink:hook', attempts: 2 });
      expect(letter.reason).toContain('gave up after 2 attempts: [gcstream] [sink:hook] HTTP 503 with authorization');
      expect(letter.reason).not.toContain(secret);
    }
  });

  it('a write that never returns is dead-lettered when the drain times out, not lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-dead-'));
    const summary = await runPipeline({
      source$: of(frame(1), frame(2), frame(3)),
      decode: testDecode,
      sinks: [{ name: 'hung', engine: { batch: { size: 2, interval: 5 }, writeTimeout: 0 }, create: () => ({ write: () => new Promise<void>(() => {}), close: async () => {} }) }],
      logger: createLogger({ level: 'silent' }),
      baseDir: dir,
      deadLetterFile: 'dead.ndjson',
      shutdownTimeout: 200,
    });
    expect(summary.drained).toBe(false);
    expect(summary.sinks.hung).toMatchObject({ delivered: 0, deadLettered: 3, inFlight: 0 });
    const letters = readLetters(join(dir, 'dead.ndjson'));
    expect(letters.map((l) => l.payload.key).sort()).toEqual(['k1', 'k2', 'k3']);
    const inFlight = letters.filter((l) => l.reason.includes('the write had not finished'));
    expect(inFlight.map((l) => l.payload.key)).toEqual(['k1', 'k2']);
    expect(inFlight.every((l) => l.attempts === 1)).toBe(true);
  });
});
