/**
 * The testkit's generated events as a pipeline hands them to sinks: each framed as Genesys sends
 * it, with a correlation id of its own, and passed through `decode` with the body's arrival text
 * kept (as the pipeline runner's decode does). Frames whose body its family's schema refuses are
 * left out and counted.
 */
import { createRequire } from 'node:module';

const core = await import('../packages/core/src/index.js');
const { sampleEvents } = await import('../packages/testkit/src/index.js');
type RawFrame = import('../packages/core/src/model/events.js').RawFrame;
type GenesysEvent = import('../packages/core/src/model/events.js').GenesysEvent;

/** Frames made from `templates`, cycling, until `count` decode (at most three rounds of them). */
export function decodedSamples(count: number, templateCount: number, seed: number): { events: GenesysEvent[]; refused: number } {
  const templates = sampleEvents(templateCount, seed);
  const now = Date.now();
  // rxjs is core's dependency, not the workspace's: its `from`, typed through decode's own signature.
  const { from } = createRequire(new URL('../packages/core/package.json', import.meta.url))('rxjs') as { from: (frames: readonly RawFrame[]) => Parameters<ReturnType<typeof core.decode>>[0] };
  const frames: RawFrame[] = Array.from({ length: Math.ceil(count * 1.5) }, (_, i) => {
    const t = templates[i % templates.length]!;
    const correlationId = `0b5e7c2a-9d41-4c3e-8f6a-${i.toString(16).padStart(12, '0')}`;
    return { data: JSON.stringify({ topicName: t.topicName, version: '2', eventBody: t.eventBody, metadata: { CorrelationId: correlationId } }), channelId: 'bench', receivedAt: now };
  });
  const events: GenesysEvent[] = [];
  let refused = 0;
  core.decode({ onDeadLetter: () => refused++, keepBodyText: true })(from(frames)).subscribe((event) => events.length < count && events.push(event));
  if (events.length < count) throw new Error(`only ${events.length} of ${count} generated events decoded`);
  return { events, refused };
}
