/**
 * A run that follows another (after a crash, a `kill -9` or a planned stop) backfills the time no
 * run was connected: the first run reports how far it got (`onConnectedUntil`), the next starts
 * from there (`resumeFrom`). Conversations that began before the stop and ended while nothing
 * listened are found too, not only those that began in the downtime.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createMetrics } from '../src/metrics/metrics.js';
import type { GenesysEvent } from '../src/model/events.js';
import { decode } from '../src/operators/decode.js';
import { genesysSourceSchema } from '../src/sources/genesys/genesysOptions.js';
import { createGenesysSource } from '../src/sources/genesys/genesysSource.js';
import { allConnected, isQueueConversationTopic, sleep, startSourceHarness, waitFor, type SourceHarness } from './_sourceHarness.js';

// Conversations of a few simulated seconds up to about half a minute, so some span the downtime.
const contactCenter = {
  arrivalRatePerMinute: 10,
  timing: { ivrMs: 500, ringMs: 300, acwMs: 500, talkMs: { voice: 6000, chat: 6000, message: 6000, callback: 6000, email: 6000 } },
};

describe('a run resumes where the last one was connected', () => {
  let h: SourceHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('backfills the downtime between two runs: every conversation active in it reaches the second run', async () => {
    let connectedUntil: number | undefined;
    h = await startSourceHarness({ speed: 10, heartbeatMs: 300, warm: false, contactCenter }, { backfill: true, backfillMargin: '5s' }, { onConnectedUntil: (ms) => (connectedUntil = ms) });
    const { emulator } = h;
    await waitFor(() => allConnected(h!.source), 'the first run to connect');
    await sleep(2500);
    await waitFor(() => connectedUntil !== undefined, 'the first run to report its position');
    // The first run stops; the contact center goes on for 40 simulated seconds with nobody listening.
    h.subscription.unsubscribe();
    const resumeFrom = connectedUntil!;
    const downFrom = emulator.truth().length;
    await sleep(4000);

    const events: GenesysEvent[] = [];
    const logger = pino({ level: process.env.GCS_TEST_LOG ?? 'silent' });
    const options = genesysSourceSchema.parse({ baseUrl: emulator.baseUrl, clientId: emulator.clientId, clientSecret: emulator.clientSecret, backfill: true, backfillMargin: '5s', pingInterval: '500ms', heartbeatTimeout: '3s' });
    const second = createGenesysSource(options, { logger, metrics: createMetrics(), resumeFrom });
    const subscription = second.frames$.pipe(decode()).subscribe((e) => events.push(e));
    try {
      await waitFor(() => allConnected(second), 'the second run to connect');
      const downTo = emulator.truth().length;
      const inDowntime = emulator
        .truth()
        .slice(downFrom, downTo)
        .filter((r) => isQueueConversationTopic(r.topicName) && r.conversationId);
      const expected = new Set(inDowntime.map((r) => r.conversationId!));
      // Among them, conversations the first run saw begin: only the resume seed finds their end.
      const seenBefore = new Set(h.events.filter((e) => e.family === 'conversation').map((e) => (e.eventBody as { id: string }).id));
      expect(expected.size).toBeGreaterThan(3);
      expect([...expected].some((id) => seenBefore.has(id))).toBe(true);

      // Backfilled, or (one that began just as the socket came back) streamed live.
      const reached = () => new Set(events.filter((e) => e.family === 'conversation').map((e) => (e.eventBody as { id: string }).id));
      await waitFor(() => [...expected].every((id) => reached().has(id)), 'every conversation of the downtime to reach the second run', 45_000).catch(() => undefined);
      const missing = [...expected].filter((id) => !reached().has(id));
      expect(missing).toEqual([]);
      const status = second.status();
      expect(status.gaps.closed).toBeGreaterThanOrEqual(1);
      expect(status.backfilled).toBeGreaterThan(0);
      // Those the first run saw begin, and that ended in the downtime, can only have come by backfill.
      const endedInDowntime = [...expected].filter((id) => seenBefore.has(id) && !events.some((e) => e.source === 'websocket' && e.family === 'conversation' && (e.eventBody as { id: string }).id === id));
      expect(endedInDowntime.length).toBeGreaterThan(0);
      expect(endedInDowntime.every((id) => events.some((e) => e.source === 'backfill' && (e.eventBody as { id: string }).id === id))).toBe(true);
    } finally {
      subscription.unsubscribe();
    }
  }, 90_000);
});
