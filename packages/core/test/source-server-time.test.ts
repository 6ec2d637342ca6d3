import { afterEach, describe, expect, it } from 'vitest';
import { allConnected, backfillDone, isQueueConversationTopic, sleep, startSourceHarness, waitFor, type SourceHarness } from './_sourceHarness.js';

const FIVE_MINUTES = 300_000;
const shortConversations = (arrivalRatePerMinute: number) => ({
  arrivalRatePerMinute,
  timing: { ivrMs: 500, ringMs: 300, acwMs: 500, talkMs: { voice: 2000, chat: 2000, message: 2000, callback: 2000, email: 2000 } },
});

/**
 * Drops every socket `drops` times, `everyMs` apart, and returns the conversations the emulator
 * produced queue events for meanwhile, and those that never reached the pipeline.
 */
async function dropsAndBackfill(h: SourceHarness, drops: number, everyMs: number): Promise<{ expected: string[]; missing: string[] }> {
  const { source, emulator } = h;
  await waitFor(() => allConnected(source), 'the source to connect');
  const from = emulator.truth().length;
  for (let i = 0; i < drops; i++) {
    await sleep(everyMs);
    emulator.faults.dropSockets();
  }
  await waitFor(() => source.status().reconnects >= 1 && allConnected(source), 'the source to reconnect');
  await waitFor(() => backfillDone(source), 'backfill to finish', 20_000);
  const to = emulator.truth().length;
  const expected = [...new Set(emulator.truth().slice(from, to).filter((r) => isQueueConversationTopic(r.topicName) && r.conversationId).map((r) => r.conversationId!))];
  const seen = () => new Set(h.events.filter((e) => e.family === 'conversation').map((e) => (e.eventBody as { id: string }).id));
  await waitFor(() => expected.every((id) => seen().has(id)), 'every conversation downstream', 15_000).catch(() => undefined);
  return { expected, missing: expected.filter((id) => !seen().has(id)) };
}

describe('source against the emulator: time is the server`s', () => {
  let h: SourceHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  // issue 9 "Time": gaps, expiry and tokens followed the host clock
  it('with the host clock 5 minutes fast and the emulator at speed 10, backfills the right intervals', async () => {
    h = await startSourceHarness(
      { speed: 10, heartbeatMs: 300, warm: false, contactCenter: shortConversations(12) },
      { backfill: true, backfillMargin: '5s', reconnect: { initialDelay: '1s', maxDelay: '1500ms' } },
      { now: () => Date.now() + FIVE_MINUTES },
    );
    const { expected, missing } = await dropsAndBackfill(h, 4, 1500);
    expect(expected.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
    expect(h.source.status().backfilled).toBeGreaterThan(0);
    // the emulator's analytics was asked about its own time, not the host's
    expect(h.source.status().gaps.lostMs).toBe(0);
    expect(h.error).toBeUndefined();
  });

  it('with the host clock 5 minutes fast and a real-time server (speed 1), backfills the right intervals', async () => {
    h = await startSourceHarness(
      { speed: 1, heartbeatMs: 300, warm: false, contactCenter: shortConversations(90) },
      // a margin far below the skew: only server time puts the query on the gap
      { backfill: true, backfillMargin: '2s', reconnect: { initialDelay: '1500ms', maxDelay: '1500ms' } },
      { now: () => Date.now() + FIVE_MINUTES, random: () => 0.99 },
    );
    const { expected, missing } = await dropsAndBackfill(h, 2, 2500);
    expect(expected.length).toBeGreaterThan(2);
    expect(missing).toEqual([]);
    expect(h.source.status().backfilled).toBeGreaterThan(0);
    expect(h.error).toBeUndefined();
  });
});
