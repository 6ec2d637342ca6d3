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
});
