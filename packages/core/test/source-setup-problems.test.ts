import { describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './_faultProxy.js';
import { allConnected, closeAfterEach, startSourceHarness, waitFor, type SourceHarness } from './_sourceHarness.js';

const unavailable = { status: 503 };

describe('source against the emulator: status while one channel cannot be set up', () => {
  let h: SourceHarness | undefined;
  let proxy: FaultProxy | undefined;
  closeAfterEach(
    () => [h, proxy],
    () => ((h = undefined), (proxy = undefined)),
  );

  it("keeps saying a slot's channel setup is failing after another slot's turnover succeeds", async () => {
    // 4 queues, 2 topics per channel, 2 channels per client: two slots, each turned over on its own channel
    h = await startSourceHarness(
      { speed: 10, heartbeatMs: 300, socketClosingGraceMs: 600_000, maxChannelsPerClient: 2, maxTopicsPerChannel: 2, contactCenter: { queues: 4, arrivalRatePerMinute: 6 } },
      async (emulator) => {
        proxy = await startFaultProxy(emulator.baseUrl);
        // each failed setup waits about 3 s before its next attempt (random 0.99 of a 3 s cap)
        return { baseUrl: proxy.url, maxRetryWait: '200ms', reconnect: { initialDelay: '3s', maxDelay: '3s' } };
      },
      { limits: { maxTopicsPerChannel: 2, maxChannels: 2 }, random: () => 0.99 },
    );
    const { source, emulator } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    const [failing, working] = source.status().channels.map((c) => c.channelId!);
    const subscriptions = (id: string) => `/api/v2/notifications/channels/${id}/subscriptions`;
    proxy!.rule = (req) => {
      if (req.method === 'POST' && req.url === '/api/v2/notifications/channels') return unavailable;
      if (req.method === 'PUT' && req.url!.startsWith(subscriptions(failing!))) return unavailable;
      if (req.method === 'PUT' && req.url!.startsWith(subscriptions(working!))) return { delayMs: 1000 };
      return undefined;
    };
    expect(emulator.faults.socketClosing()).toBe(2);
    await waitFor(() => source.status().problems.some((p) => /channel setup failing/.test(p)), 'the failing slot in status');
    await waitFor(() => source.status().rollovers >= 1, 'the other slot to turn over');
    // the first slot is still between two failed attempts: its problem has not gone away
    expect(source.status().problems.some((p) => /channel setup failing/.test(p))).toBe(true);
    expect(h.error).toBeUndefined();
  });
});
