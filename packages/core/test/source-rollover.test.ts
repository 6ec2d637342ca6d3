import { afterEach, describe, expect, it } from 'vitest';
import { allConnected, queueConversationsDuring, startSourceHarness, waitFor, type SourceHarness } from './_sourceHarness.js';

describe('source against the emulator: planned turnover', () => {
  let h: SourceHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('socket_closing every 20 s and 60 s channels: every event exactly once after dedupe, no gap', async () => {
    // speed 10: 2 s wall is 20 s simulated; channels live 60 simulated s (6 s wall)
    h = await startSourceHarness(
      { speed: 10, channelTtlMs: 60_000, heartbeatMs: 500, socketClosingGraceMs: 1000, faults: ['socket-closing:every=2s'], contactCenter: { arrivalRatePerMinute: 6 } },
      { rolloverBefore: '10s' },
    );
    const { source } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    const { expected, missing } = await queueConversationsDuring(h, 8000);
    expect(expected.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
    // exactly once after dedupe
    const keys = h.events.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    const status = source.status();
    expect(status.rollovers).toBeGreaterThanOrEqual(2);
    expect(status.gaps.closed).toBe(0);
    expect(h.error).toBeUndefined();
  });

  it('with every channel of the client in use, turns sockets over on the same channels without evicting its own', async () => {
    // 4 queues, 2 topics per channel, 2 channels per client: the pool is full
    h = await startSourceHarness(
      { speed: 10, heartbeatMs: 300, socketClosingGraceMs: 1000, maxChannelsPerClient: 2, maxTopicsPerChannel: 2, faults: ['socket-closing:every=1500ms'], contactCenter: { queues: 4, arrivalRatePerMinute: 6 } },
      {},
      { limits: { maxTopicsPerChannel: 2, maxChannels: 2 } },
    );
    const { source } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    const channels = source.status().channels.map((c) => c.channelId);
    expect(channels).toHaveLength(2);
    const { expected, missing } = await queueConversationsDuring(h, 6000);
    expect(expected.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
    const status = source.status();
    expect(status.rollovers).toBeGreaterThanOrEqual(2);
    expect(status.gaps.closed).toBe(0);
    expect(status.channels.map((c) => c.channelId)).toEqual(channels);
    expect(h.error).toBeUndefined();
  });

  it('rolls over before each channel expires (30 s channels), with no gap and nothing lost', async () => {
    h = await startSourceHarness({ speed: 10, channelTtlMs: 30_000, heartbeatMs: 300, contactCenter: { arrivalRatePerMinute: 6 } }, { rolloverBefore: '10s' });
    const { source } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    const first = source.status().channels.map((c) => c.channelId);
    // 7 s wall = 70 simulated s: each channel is replaced about every 20 simulated s
    const { expected, missing } = await queueConversationsDuring(h, 7000);
    expect(expected.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
    const status = source.status();
    expect(status.rollovers).toBeGreaterThanOrEqual(2);
    expect(status.reconnects).toBe(0);
    expect(status.gaps.closed).toBe(0);
    expect(status.channels.every((c) => !first.includes(c.channelId))).toBe(true);
    expect(h.error).toBeUndefined();
  });
});
