import { join } from 'node:path';
import { from, map } from 'rxjs';
import { createLogger, runPipeline, type GenesysEvent, type RawFrame, type RunSummary, type Sink, type SinkEngineInput } from '@gcstream/core';
import { tempDir, type SinkConformanceOptions } from './_support.js';

export interface EngineRun {
  readonly summary: RunSummary;
  /** The sink's dead-letter file (it exists only when something was dead-lettered). */
  readonly deadLetterFile: string;
}

/**
 * Runs `events` through core's pipeline and sink engine into a sink made from the user's options,
 * as `gcstream run` would. `wrap` can stand in front of the real sink to inject a failure.
 */
export async function throughEngine(
  name: string,
  options: SinkConformanceOptions,
  events: readonly GenesysEvent[],
  engine: SinkEngineInput,
  wrap: (sink: Sink<unknown>) => Sink<unknown> = (sink) => sink,
): Promise<EngineRun> {
  const { definition } = options;
  const config = definition.configSchema.parse(options.options);
  const dir = tempDir();
  const frames: RawFrame[] = events.map((e, i) => ({ data: JSON.stringify({ n: i }), channelId: 'conformance', receivedAt: e.receivedAt }));
  const summary = await runPipeline({
    source$: from(frames),
    // The frames carry indexes; the sample events stand for what decode would produce.
    decode: { name: 'decode', create: () => map((frame: RawFrame) => events[(JSON.parse(frame.data) as { n: number }).n]!) },
    sinks: [
      {
        name,
        engine: { deadLetterFile: 'dead-letters.ndjson', ...engine },
        create: async (ctx) => wrap((await definition.create(config, { ...ctx, ...options.context?.() })) as Sink<unknown>),
      },
    ],
    logger: createLogger({ level: 'silent' }),
    baseDir: dir,
    shutdownTimeout: 20_000,
  });
  return { summary, deadLetterFile: join(dir, 'dead-letters.ndjson') };
}
