import { describe, expect, it } from 'vitest';
import { conversationEnded } from '../src/model/conversation.js';
import { startFaultProxy, type FaultProxy } from './_faultProxy.js';
import { allConnected, channelTopics, closeAfterEach, sleep, startSourceHarness, waitFor, type SourceHarness } from './_sourceHarness.js';

const TRANSCRIPTION = 'v2.conversations.{conversationId}.transcription';
const voiceCenter = { arrivalRatePerMinute: 30, mediaMix: { voice: 1 }, timing: { ivrMs: 500, ringMs: 300, acwMs: 500, talkMs: { voice: 20_000 } } };

describe('source against the emulator: per-conversation topics', () => {
  let h: SourceHarness | undefined;
  let proxy: FaultProxy | undefined;
  closeAfterEach(
    () => [h, proxy],
    () => ((h = undefined), (proxy = undefined)),
  );

  // issue 8 #6: with per-media queue topics no transcription was ever subscribed
  it('learns transcription topics from per-media queue topics (v2.routing.queues.{id}.conversations.calls)', async () => {
    h = await startSourceHarness({ speed: 10, heartbeatMs: 300, warm: false, contactCenter: voiceCenter }, { topics: ['v2.routing.queues.{queueId}.conversations.calls', TRANSCRIPTION] });
    await waitFor(() => allConnected(h!.source), 'the source to connect');
    await waitFor(() => h!.events.some((e) => e.topicName.endsWith('.conversations.calls')), 'per-media conversation events');
    await waitFor(() => h!.events.some((e) => e.family === 'transcription'), 'transcription events', 20_000);
    const calls = new Set(h.events.filter((e) => e.topicName.endsWith('.conversations.calls')).map((e) => (e.eventBody as { id: string }).id));
    for (const t of h.events.filter((e) => e.family === 'transcription')) expect(calls.has(t.ids[0]!)).toBe(true);
    expect(h.error).toBeUndefined();
  });

  // issue 8 #4: topics learnt while the replacement channel was being made reached no channel
  it('during a slow rollover, sends topics learnt meanwhile to the live channel at once, and to the replacement before it takes over', async () => {
    let slowChannels = false;
    h = await startSourceHarness(
      { speed: 10, heartbeatMs: 300, warm: false, socketClosingGraceMs: 600_000, contactCenter: voiceCenter },
      async (emulator) => {
        proxy = await startFaultProxy(emulator.baseUrl);
        proxy.rule = (req) => (slowChannels && req.method === 'POST' && req.url === '/api/v2/notifications/channels' ? { delayMs: 4000 } : undefined);
        return { baseUrl: proxy.url, topics: ['v2.routing.queues.{queueId}.conversations', TRANSCRIPTION] };
      },
    );
    const { source, emulator } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    const live = source.status().channels[0]!.channelId!;
    slowChannels = true;
    const mark = h.events.length;
    expect(emulator.faults.socketClosing()).toBeGreaterThan(0);
    await sleep(1500); // the replacement is still being made (4 s)
    expect(source.status().rollovers).toBe(0);
    const endedIds = () => new Set(h!.events.filter((e) => e.family === 'conversation' && conversationEnded(e.eventBody as never)).map((e) => (e.eventBody as { id: string }).id));
    const learnt = [...new Set(h.events.slice(mark).filter((e) => e.family === 'conversation').map((e) => (e.eventBody as { id: string }).id))].filter((id) => !endedIds().has(id));
    expect(learnt.length).toBeGreaterThan(0);
    // those still in progress once the list is read (ended ones leave it)
    // (a conversation seen a moment ago may still have its PUT in flight: read again for up to 1 s)
    const missingOn = async (channelId: string) => {
      let missing: string[] = [];
      for (let i = 0; i < 10; i++) {
        const topics = new Set(await channelTopics(h!, channelId));
        const ended = endedIds();
        missing = learnt.filter((id) => !ended.has(id) && !topics.has(`v2.conversations.${id}.transcription`));
        if (missing.length === 0) break;
        await sleep(100);
      }
      return missing;
    };
    expect(await missingOn(live)).toEqual([]);
    slowChannels = false;
    await waitFor(() => source.status().rollovers >= 1, 'the rollover to finish', 15_000);
    const replacement = source.status().channels[0]!.channelId!;
    expect(replacement).not.toBe(live);
    // those still in progress are on the replacement too
    expect(await missingOn(replacement)).toEqual([]);
    expect(source.status().gaps.closed).toBe(0);
    expect(h.error).toBeUndefined();
  });
});
