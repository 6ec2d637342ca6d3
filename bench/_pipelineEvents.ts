/**
 * Events as a pipeline hands them to sinks, for the sink benchmarks: notifications framed as
 * Genesys sends them, each with a correlation id of its own, and passed through `decode` with the
 * body's arrival text kept (as the pipeline runner's decode does).
 */
import { createRequire } from 'node:module';

const core = await import('../packages/core/src/index.js');
type RawFrame = import('../packages/core/src/model/events.js').RawFrame;
type GenesysEvent = import('../packages/core/src/model/events.js').GenesysEvent;

/** The `n`th frame of a run: a correlation id shaped like the UUIDs Genesys sends, unique per frame, so every event has its own key. */
export function genesysFrame(topicName: string, eventBody: unknown, n: number, receivedAt: number): RawFrame {
  const correlationId = `0b5e7c2a-9d41-4c3e-8f6a-${n.toString(16).padStart(12, '0')}`;
  return { data: JSON.stringify({ topicName, version: '2', eventBody, metadata: { CorrelationId: correlationId } }), channelId: 'bench', receivedAt };
}

/** The frames through the pipeline's decode; those a family's schema refuses are counted, not kept. */
export function decodeAsPipeline(frames: readonly RawFrame[]): { events: GenesysEvent[]; refused: number } {
  // rxjs is core's dependency, not the workspace's: its `from`, typed through decode's own signature.
  const { from } = createRequire(new URL('../packages/core/package.json', import.meta.url))('rxjs') as { from: (frames: readonly RawFrame[]) => Parameters<ReturnType<typeof core.decode>>[0] };
  const events: GenesysEvent[] = [];
  let refused = 0;
  core.decode({ onDeadLetter: () => refused++, keepBodyText: true })(from(frames)).subscribe((event) => events.push(event));
  return { events, refused };
}

/** The testkit's generated events, `count` of them decoded from frames made of `templateCount` templates in turn. */
export async function decodedSamples(count: number, templateCount: number, seed: number): Promise<{ events: GenesysEvent[]; refused: number }> {
  const { sampleEvents } = await import('../packages/testkit/src/index.js');
  const templates = sampleEvents(templateCount, seed);
  const now = Date.now();
  // Half again as many frames as wanted: some templates' bodies are refused by their schema.
  const frames = Array.from({ length: Math.ceil(count * 1.5) }, (_, i) => genesysFrame(templates[i % templates.length]!.topicName, templates[i % templates.length]!.eventBody, i, now));
  const { events, refused } = decodeAsPipeline(frames);
  if (events.length < count) throw new Error(`only ${events.length} of ${count} generated events decoded`);
  return { events: events.slice(0, count), refused };
}
