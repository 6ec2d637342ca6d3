import { describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './_faultProxy.js';
import { allConnected, capturingLogger, closeAfterEach, isQueueConversationTopic, sleep, startSourceHarness, waitFor, type SourceHarness } from './_sourceHarness.js';

const shortConversations = {
  arrivalRatePerMinute: 12,
  timing: { ivrMs: 500, ringMs: 300, acwMs: 500, talkMs: { voice: 2000, chat: 2000, message: 2000, callback: 2000, email: 2000 } },
};
const isAnalytics = (url = '') => url.startsWith('/api/v2/analytics/');

describe('source against the emulator: backfill that fails, reaches too far, or is stopped', () => {
  let h: SourceHarness | undefined;
  let proxy: FaultProxy | undefined;
  closeAfterEach(
    () => [h, proxy],
    () => ((h = undefined), (proxy = undefined)),
  );

  const withProxy = (extra: Record<string, unknown>) => async (emulator: { baseUrl: string }) => {
    proxy = await startFaultProxy(emulator.baseUrl);
    return { baseUrl: proxy.url, backfill: true, backfillMargin: '5s', maxRetryWait: '1s', reconnect: { initialDelay: '1s', maxDelay: '1s' }, ...extra };
  };

  // issue 8 #3: with analytics answering 503 for a while, the gap stayed unfilled for good
  it('keeps a gap whose backfill failed, shows it in status and metrics, and fills it once analytics answers again', async () => {
    let analyticsDown = false;
    h = await startSourceHarness({ speed: 10, heartbeatMs: 300, warm: false, contactCenter: shortConversations }, withProxy({}), { random: () => 0.99 });
    proxy!.rule = (req) => (analyticsDown && isAnalytics(req.url) ? { status: 503 } : undefined);
    const { source, emulator } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    analyticsDown = true;
    const from = emulator.truth().length;
    emulator.faults.dropSockets();
    await waitFor(() => source.status().reconnects >= 1 && allConnected(source), 'the source to reconnect');
    const to = emulator.truth().length;
    // the first attempt fails after maxRetryWait; the gap stays, in status and in the gauges
    await waitFor(() => proxy!.seen.some((r) => isAnalytics(r.split(' ')[1])), 'a backfill attempt');
    await sleep(1500);
    expect(source.status().gaps.unfilled).toBe(1);
    expect(source.status().gaps.unfilledMs).toBeGreaterThan(0);
    expect(h.metrics.get('gcstream_source_unfilled_gaps')).toBe(1);
    analyticsDown = false;
    await waitFor(() => source.status().gaps.unfilled === 0, 'the gap to be filled', 20_000);
    expect(h.metrics.get('gcstream_source_unfilled_gaps')).toBe(0);
    const lost = new Set(emulator.truth().slice(from, to).filter((r) => isQueueConversationTopic(r.topicName) && r.conversationId).map((r) => r.conversationId!));
    const seen = () => new Set(h!.events.filter((e) => e.family === 'conversation').map((e) => (e.eventBody as { id: string }).id));
    await waitFor(() => [...lost].every((id) => seen().has(id)), 'every conversation of the gap downstream', 10_000).catch(() => undefined);
    const miss = [...lost].filter((id) => !seen().has(id));
    expect(miss).toEqual([]);
    expect(source.status().backfilled).toBeGreaterThan(0);
    expect(h.error).toBeUndefined();
  });

  // A run killed while a closed gap still waited for its backfill must leave it to the next run.
  it('reports a position no later than a gap whose backfill has not succeeded, and moves on once it has', async () => {
    let analyticsDown = false;
    const positions: Array<{ at: number; ms: number }> = [];
    h = await startSourceHarness({ speed: 10, heartbeatMs: 300, warm: false, contactCenter: shortConversations }, withProxy({}), {
      random: () => 0.99,
      onConnectedUntil: (ms: number) => positions.push({ at: Date.now(), ms }),
    });
    proxy!.rule = (req) => (analyticsDown && isAnalytics(req.url) ? { status: 503 } : undefined);
    const { source, emulator } = h;
    await waitFor(() => allConnected(source) && positions.length > 0, 'the source to connect and report a position');
    analyticsDown = true;
    const before = positions.at(-1)!.ms;
    emulator.faults.dropSockets();
    await waitFor(() => source.status().reconnects >= 1 && allConnected(source) && source.status().gaps.unfilled === 1, 'the gap to close, unfilled');
    const reconnected = Date.now();
    await sleep(2500);
    // Connected again for 2.5 s, yet the position stays where the gap began (within the second between reports).
    const whileUnfilled = positions.filter((p) => p.at > reconnected).map((p) => p.ms);
    expect(whileUnfilled.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...whileUnfilled)).toBeLessThanOrEqual(before + 15 * 1000);
    analyticsDown = false;
    await waitFor(() => source.status().gaps.unfilled === 0, 'the gap to be filled', 20_000);
    const filled = Date.now();
    await waitFor(() => positions.some((p) => p.at > filled), 'a position after the backfill');
    expect(positions.at(-1)!.ms).toBeGreaterThan(Math.max(...whileUnfilled) + 10 * 1000);
    expect(h.error).toBeUndefined();
  });

  // issue 8 #11: a gap longer than backfill can reach was cut without a word
  it('warns about the part of a gap older than backfillRetention and records it as lost, and backfills the rest', async () => {
    const { logger, lines } = capturingLogger();
    h = await startSourceHarness(
      { speed: 10, heartbeatMs: 300, warm: false, contactCenter: shortConversations },
      // a 25-simulated-second gap, of which backfill may reach the last 10
      withProxy({ backfillRetention: '10s', reconnect: { initialDelay: '2500ms', maxDelay: '2500ms' } }),
      { random: () => 0.99, logger },
    );
    const { source, emulator } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    emulator.faults.dropSockets();
    await waitFor(() => source.status().reconnects >= 1 && source.status().gaps.closed >= 1, 'the gap to close');
    await waitFor(() => source.status().gaps.unfilled === 0, 'backfill to finish');
    const { totalMs, lostMs } = source.status().gaps;
    expect(lostMs).toBeGreaterThan(0);
    expect(lostMs).toBeLessThan(totalMs);
    expect(h.metrics.get('gcstream_source_lost_gap_ms_total')).toBe(lostMs);
    expect(lines.some((l) => l.includes('"level":40') && l.includes('cannot be backfilled'))).toBe(true);
    expect(lines.some((l) => l.includes('backfill done'))).toBe(true);
    expect(h.error).toBeUndefined();
  });

  // issue 8 #11: stopping during a backfill logged "backfill failed"
  it('stops during a backfill without calling it a failure', async () => {
    const { logger, lines } = capturingLogger();
    h = await startSourceHarness({ speed: 10, heartbeatMs: 300, warm: false, contactCenter: shortConversations }, withProxy({}), { random: () => 0.99, logger });
    proxy!.rule = (req) => (isAnalytics(req.url) ? { delayMs: 5000 } : undefined);
    const { source, emulator } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    emulator.faults.dropSockets();
    await waitFor(() => source.status().gaps.closed >= 1, 'the gap to close');
    const before = proxy!.seen.length;
    await waitFor(() => proxy!.seen.slice(before).some((r) => isAnalytics(r.split(' ')[1])) || source.status().backfilled > 0, 'a backfill request in flight');
    expect(source.status().gaps.unfilled).toBe(1);
    h.subscription.unsubscribe();
    await sleep(1000);
    expect(source.status().state).toBe('stopped');
    expect(lines.filter((l) => /backfill failed/.test(l))).toEqual([]);
  });
});
