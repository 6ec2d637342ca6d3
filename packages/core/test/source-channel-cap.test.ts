import { afterEach, describe, expect, it } from 'vitest';
import { allConnected, capturingLogger, queueConversationsDuring, startSourceHarness, waitFor, type SourceHarness } from './_sourceHarness.js';

describe('source against the emulator: many channels turning over at once', () => {
  let h: SourceHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  // issue 8 #9: 11 to 19 slots turning over together made more than 20 channels and evicted their own
  it('with 15 channels turning over at once, never holds more than 20: no eviction, no gap, nothing lost', async () => {
    const { logger, lines } = capturingLogger();
    h = await startSourceHarness(
      { speed: 10, heartbeatMs: 300, socketClosingGraceMs: 600_000, contactCenter: { queues: 15, arrivalRatePerMinute: 30 } },
      {},
      { limits: { maxTopicsPerChannel: 1 }, logger },
    );
    const { source, emulator } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    expect(source.status().channels).toHaveLength(15);
    expect(emulator.faults.socketClosing()).toBe(15);
    const { expected, missing } = await queueConversationsDuring(h, 4000);
    await waitFor(() => source.status().rollovers >= 15 && allConnected(source), 'every slot turned over', 15_000);
    expect(expected.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
    const status = source.status();
    // an eviction would show as no_longer_subscribed: a gap and a replacement
    expect(status.gaps.closed).toBe(0);
    expect(status.gaps.open).toBe(0);
    expect(status.rollovers).toBe(15);
    // 5 new channels fit beside the 15; the other 10 slots keep theirs on a new socket
    const channels = new Set(status.channels.map((c) => c.channelId));
    expect(channels.size).toBe(15);
    const setupFailures = lines.filter((l) => l.includes('channel setup failed'));
    expect(setupFailures).toEqual([]);
    expect(h.error).toBeUndefined();
  }, 60_000);
});
