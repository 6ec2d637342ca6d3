import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@gcstream/emulator';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  builtinOperatorDefinitions,
  createLogger,
  createRegistry,
  defineSink,
  loadConfigText,
  runPipelineFromConfig,
  type GenesysEvent,
} from '../src/index.js';

describe('a pipeline from a YAML string, through the library alone', () => {
  it('runs source, operators and a custom sink on the emulator', async () => {
    const emulator = await startEmulator({ port: 0, speed: 60, seed: 11 });
    try {
      const received: Array<{ tag: string; event: GenesysEvent }> = [];
      const collect = defineSink({
        name: 'collect',
        description: 'Keeps events in memory.',
        configSchema: z.strictObject({ tag: z.string() }),
        create: (config) => ({
          write: async (batch) => void received.push(...batch.map((event) => ({ tag: config.tag, event }))),
          close: async () => {},
        }),
      });
      const registry = createRegistry({ operators: builtinOperatorDefinitions, sinks: [collect] });
      const yaml = [
        'source:',
        '  genesys:',
        '    baseUrl: ${EMU_URL}',
        '    clientId: ${EMU_ID}',
        '    clientSecret: ${EMU_SECRET}',
        '    topics:',
        '      - v2.routing.queues.{queueId}.conversations',
        'pipeline:',
        '  - dedupe: { ttl: 5m }',
        'sinks:',
        '  - collect: { tag: library, batch: { size: 5, interval: 50ms } }',
      ].join('\n');
      const env = { EMU_URL: emulator.baseUrl, EMU_ID: emulator.clientId, EMU_SECRET: emulator.clientSecret };
      const loaded = await loadConfigText(yaml, 'inline.yaml', { env, registry, cwd: process.cwd() });

      const summary = await runPipelineFromConfig(loaded, { logger: createLogger({ level: 'silent' }), maxEvents: 8, deadLetterFile: '/dev/null' });

      expect(summary).toMatchObject({ reason: 'max-events', events: 8, drained: true, sinks: { collect: { delivered: 8 } } });
      expect(received).toHaveLength(8);
      const truth = new Set(emulator.truth().map((r) => `${r.topicName} ${r.correlationId}`));
      for (const { tag, event } of received) {
        expect(tag).toBe('library');
        expect(event.family).toBe('conversation');
        expect(truth.has(`${event.topicName} ${event.metadata.CorrelationId}`)).toBe(true);
      }
      expect(new Set(received.map((r) => r.event.key)).size).toBe(8);
    } finally {
      await emulator.close();
    }
  });

  it('with a spool, conversationState and queueMetrics keep their state across a restart: today\'s counts go on from where they were', async () => {
    const emulator = await startEmulator({ port: 0, speed: 60, seed: 12 });
    const dir = mkdtempSync(join(tmpdir(), 'gcs-checkpoint-'));
    try {
      const received: GenesysEvent[] = [];
      const collect = defineSink({
        name: 'collect',
        configSchema: z.strictObject({}),
        create: () => ({ write: async (batch) => void received.push(...batch), close: async () => {} }),
      });
      const registry = createRegistry({ operators: builtinOperatorDefinitions, sinks: [collect] });
      const yaml = [
        'source:',
        '  genesys: { baseUrl: "${EMU_URL}", clientId: "${EMU_ID}", clientSecret: "${EMU_SECRET}", backfill: true, topics: ["v2.routing.queues.{queueId}.conversations"] }',
        'pipeline:',
        '  - conversationState: {}',
        '  - queueMetrics: { emitInterval: 0 }',
        'sinks:',
        '  - collect: {}',
      ].join('\n');
      const env = { EMU_URL: emulator.baseUrl, EMU_ID: emulator.clientId, EMU_SECRET: emulator.clientSecret };
      const loaded = await loadConfigText(yaml, 'inline.yaml', { env, registry, cwd: dir });
      const run = () => runPipelineFromConfig(loaded, { logger: createLogger({ level: 'silent' }), maxEvents: 400, deadLetterFile: join(dir, 'dead.ndjson'), spool: { dir: 'spool' } });
      const todays = () => received.filter((e) => (e.eventBody as { period?: string }).period === 'today').map((e) => e.eventBody as { queueId: string; mediaType: string; start: number; nOffered: number });

      await run();
      const first = todays();
      expect(first.length).toBeGreaterThan(0);
      expect(existsSync(join(dir, 'spool', 'operators', '0-conversationState.v8'))).toBe(true);
      expect(existsSync(join(dir, 'spool', 'operators', '1-queueMetrics.v8'))).toBe(true);
      expect(JSON.parse(readFileSync(join(dir, 'spool', 'genesys-position.json'), 'utf8')).connectedUntil).toEqual(expect.any(Number));
      // The newest today count per queue and media when the first run stopped.
      const last = new Map(first.map((r) => [`${r.queueId}|${r.mediaType}|${r.start}`, r.nOffered]));
      received.length = 0;

      await run();
      const second = todays();
      expect(second.length).toBeGreaterThan(0);
      // A restart that lost the counts would start each queue's day again from its first offer.
      let compared = 0;
      for (const r of second) {
        const before = last.get(`${r.queueId}|${r.mediaType}|${r.start}`);
        if (before === undefined) continue;
        compared++;
        expect(r.nOffered).toBeGreaterThanOrEqual(before);
      }
      expect(compared).toBeGreaterThan(0);
    } finally {
      await emulator.close();
    }
  }, 60_000);
});
