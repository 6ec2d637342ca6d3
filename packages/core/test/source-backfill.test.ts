import { afterEach, describe, expect, it } from 'vitest';
import { allConnected, isQueueConversationTopic, sleep, startSourceHarness, waitFor, type SourceHarness } from './_sourceHarness.js';

// Short conversations (a few simulated seconds), so that whole conversations fall inside a gap.
const shortConversations = {
  arrivalRatePerMinute: 8,
  timing: { ivrMs: 500, ringMs: 300, acwMs: 500, talkMs: { voice: 2000, chat: 2000, message: 2000, callback: 2000, email: 2000 } },
};

describe('source against the emulator: gaps and backfill', () => {
  let h: SourceHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('sockets dropped every 15 s with backfill: every simulated conversation ends up downstream', async () => {
    h = await startSourceHarness(
      { speed: 10, heartbeatMs: 300, warm: false, contactCenter: shortConversations },
      // slow reconnects make real gaps (several simulated seconds each)
      { backfill: true, backfillMargin: '5s', reconnect: { initialDelay: '1s', maxDelay: '1500ms' } },
    );
    const { source, emulator } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    const from = emulator.truth().length;
    let dropped = 0;
    for (let i = 0; i < 6; i++) {
      await sleep(1500); // 15 simulated seconds
      dropped += emulator.faults.dropSockets();
    }
    await waitFor(() => allConnected(source), 'the source to reconnect');
    const to = emulator.truth().length;
    const expected = new Set(
      emulator
        .truth()
        .slice(from, to)
        .filter((r) => isQueueConversationTopic(r.topicName) && r.conversationId)
        .map((r) => r.conversationId!),
    );
    expect(expected.size).toBeGreaterThan(5);
    const seen = () => new Set(h!.events.filter((e) => e.family === 'conversation').map((e) => (e.eventBody as { id: string }).id));
    await waitFor(() => [...expected].every((id) => seen().has(id)), 'every conversation downstream', 20_000).catch(() => undefined);
    expect([...expected].filter((id) => !seen().has(id))).toEqual([]);

    const status = source.status();
    // a drop that lands while the source is still backing off finds no socket to drop
    expect(dropped).toBeGreaterThanOrEqual(3);
    expect(status.reconnects).toBeGreaterThanOrEqual(3);
    expect(status.reconnects).toBeLessThanOrEqual(dropped);
    expect(status.gaps.closed).toBe(status.reconnects);
    expect(h.metrics.get('gcstream_source_gap_duration_ms_total')).toBeGreaterThan(0);
    // the live stream alone lost events: backfill is what made the set whole
    const liveKeys = new Set(h.raw.filter((e) => e.source === 'websocket').map((e) => e.metadata.CorrelationId));
    const lostLive = emulator
      .truth()
      .slice(from, to)
      .filter((r) => isQueueConversationTopic(r.topicName) && !liveKeys.has(r.correlationId));
    expect(lostLive.length).toBeGreaterThan(0);
    expect(status.backfilled).toBeGreaterThan(0);
    expect(h.events.some((e) => e.source === 'backfill')).toBe(true);
    expect(h.error).toBeUndefined();
  });
});
