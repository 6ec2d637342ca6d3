import { afterEach, describe, expect, it } from 'vitest';
import { allConnected, startSourceHarness, waitFor, type SourceHarness } from './_sourceHarness.js';

describe('source against the emulator: per-conversation topics', () => {
  let h: SourceHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('subscribes transcription topics as conversations appear and drops them when they end', async () => {
    h = await startSourceHarness(
      {
        speed: 10,
        heartbeatMs: 300,
        warm: false,
        contactCenter: {
          arrivalRatePerMinute: 10,
          mediaMix: { voice: 1 },
          timing: { ivrMs: 500, ringMs: 300, acwMs: 500, talkMs: { voice: 8000 } },
        },
      },
      { topics: ['v2.routing.queues.{queueId}.conversations', 'v2.conversations.{conversationId}.transcription'] },
    );
    const { source, emulator } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    const queueTopics = source.status().topics;
    const learnt = () => source.status().topics - queueTopics;
    let peak = 0;
    // ended conversations leave the pool: the count of learnt topics rises, then comes down
    await waitFor(() => {
      peak = Math.max(peak, learnt());
      return peak > 0 && learnt() < peak;
    }, 'learnt topics to rise and fall', 25_000);
    await waitFor(() => h!.events.some((e) => e.family === 'transcription'), 'transcription events', 25_000);
    const transcripts = h.events.filter((e) => e.family === 'transcription');
    expect(transcripts.length).toBeGreaterThan(0);
    // every transcription event we got was on a conversation seen on a queue topic first
    const conversations = new Set(h.events.filter((e) => e.family === 'conversation').map((e) => (e.eventBody as { id: string }).id));
    for (const t of transcripts) expect(conversations.has(t.ids[0]!)).toBe(true);
    expect(emulator.truth().some((r) => r.topicName.endsWith('.transcription'))).toBe(true);
    expect(h.error).toBeUndefined();
  });
});
