import { builtinOperatorDefinitions, createLogger, createRegistry, defineSink, loadConfigText, runPipelineFromConfig, type GenesysEvent, type RunSummary } from '@gcstream/core';
import type { startEmulator } from '@gcstream/emulator';
import { z } from 'zod';
import { dashboardSink } from '../src/index.js';

/** Keeps the queue metrics events that reached the wallboard, to compare with what the page shows. */
export const seen: GenesysEvent[] = [];
const recordSink = defineSink({
  name: 'record',
  configSchema: z.strictObject({}),
  create: () => ({
    write: async (batch) => void seen.push(...batch.filter((e) => e.topicName.endsWith('.metrics'))),
    close: async () => {},
  }),
});

/**
 * The wallboard pipeline a user writes: the emulator's queue conversations and observations,
 * decoded, rebuilt into conversations, counted into queue metrics, into the dashboard sink.
 */
export async function startWallboardPipeline(emulator: Awaited<ReturnType<typeof startEmulator>>, port: number, deadLetterFile: string) {
  const yaml = `
source:
  genesys:
    baseUrl: \${EMU_URL}
    clientId: \${EMU_ID}
    clientSecret: \${EMU_SECRET}
    topics:
      - v2.routing.queues.{queueId}.conversations
      - v2.analytics.queues.{queueId}.observations
    queues: all
pipeline:
  - conversationState: {}
  - queueMetrics: { emitInterval: 250ms }
sinks:
  - dashboard:
      port: ${port}
      title: Emulator contact center
      heartbeat: 250ms
      staleAfter: 1500ms
      tvPageInterval: 1s
      batch: { size: 200, interval: 50ms }
  - record: {}
`;
  const registry = createRegistry({ operators: builtinOperatorDefinitions, sinks: [dashboardSink, recordSink] });
  const env = { EMU_URL: emulator.baseUrl, EMU_ID: emulator.clientId, EMU_SECRET: emulator.clientSecret };
  const loaded = await loadConfigText(yaml, 'wallboard.yaml', { env, registry, cwd: process.cwd() });
  const stop = new AbortController();
  const run: Promise<RunSummary> = runPipelineFromConfig(loaded, { logger: createLogger({ level: 'silent' }), signal: stop.signal, deadLetterFile });
  return {
    run,
    async stop(): Promise<RunSummary> {
      stop.abort();
      return run;
    },
  };
}
