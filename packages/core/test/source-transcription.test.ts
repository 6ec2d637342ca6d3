import { afterEach, describe, expect, it } from 'vitest';
import { allConnected, sleep, startSourceHarness, waitFor, type SourceHarness } from './_sourceHarness.js';

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
    const counts: number[] = [];
    for (let i = 0; i < 40; i++) {
      counts.push(source.status().topics - queueTopics);
      await sleep(200);
    }
    const peak = Math.max(...counts);
    expect(peak).toBeGreaterThan(0);
    // ended conversations left the pool: the count came down from its peak at some point
    expect(counts.slice(counts.indexOf(peak)).some((c) => c < peak)).toBe(true);
    const transcripts = h.events.filter((e) => e.family === 'transcription');
    expect(transcripts.length).toBeGreaterThan(0);
    // every transcription event we got was on a conversation seen on a queue topic first
    const conversations = new Set(h.events.filter((e) => e.family === 'conversation').map((e) => (e.eventBody as { id: string }).id));
    for (const t of transcripts) expect(conversations.has(t.ids[0]!)).toBe(true);
    expect(emulator.truth().some((r) => r.topicName.endsWith('.transcription'))).toBe(true);
    expect(h.error).toBeUndefined();
  });
});
