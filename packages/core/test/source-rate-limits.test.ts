import { describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './_faultProxy.js';
import { allConnected, closeAfterEach, startSourceHarness, waitFor, waitForLiveQueueConversations, type SourceHarness } from './_sourceHarness.js';

const busy = { arrivalRatePerMinute: 12 };
const tooManyRequests = { status: 429, headers: { 'retry-after': '1' }, body: JSON.stringify({ message: 'Rate limit exceeded', code: 'too.many.requests.retry.after', status: 429 }) };

describe('source against the emulator: rate limits that outlast maxRetryWait', () => {
  let h: SourceHarness | undefined;
  let proxy: FaultProxy | undefined;
  closeAfterEach(
    () => [h, proxy],
    () => ((h = undefined), (proxy = undefined)),
  );

  // issue 8 #7: a 429 on a background token refresh stopped the source while its token was good
  it('keeps the valid token while a background refresh is rate limited, says so in status, and refreshes later', async () => {
    let logins = 0;
    let limitedUntil = 0;
    // tokens live 100 simulated s (10 s wall at speed 10): the refresh comes after 8 s
    h = await startSourceHarness({ speed: 10, heartbeatMs: 300, tokenLifetimeSec: 100, contactCenter: busy }, async (emulator) => {
      proxy = await startFaultProxy(emulator.baseUrl);
      proxy.rule = (req) => {
        if (req.method !== 'POST' || req.url !== '/oauth/token') return undefined;
        // the first refresh opens a second of 429s
        if (++logins === 2) limitedUntil = Date.now() + 1000;
        return Date.now() < limitedUntil ? tooManyRequests : undefined;
      };
      return { baseUrl: proxy.url, maxRetryWait: '500ms' };
    }, { random: () => 0.3 });
    const { source } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    await waitFor(() => source.status().problems.some((p) => /token refresh failed/.test(p)), 'the failing refresh in status', 15_000);
    expect(h.error).toBeUndefined();
    await waitFor(() => source.status().problems.length === 0 && Date.now() > limitedUntil, 'the refresh to succeed', 15_000);
    await waitForLiveQueueConversations(h, 'events on a fresh token');
    expect(logins).toBeGreaterThanOrEqual(3);
    expect(h.error).toBeUndefined();
    expect(source.status().state).toBe('running');
  });

  // issue 8 #7: REST 429s past maxRetryWait while making a channel stopped the source
  it('keeps retrying channel setup with backoff through 429s longer than maxRetryWait, and says so in status', async () => {
    let limited = false;
    h = await startSourceHarness({ speed: 10, heartbeatMs: 300, contactCenter: busy }, async (emulator) => {
      proxy = await startFaultProxy(emulator.baseUrl);
      proxy.rule = (req) => (limited && req.method === 'POST' && req.url === '/api/v2/notifications/channels' ? tooManyRequests : undefined);
      return { baseUrl: proxy.url, maxRetryWait: '500ms', reconnect: { initialDelay: '200ms', maxDelay: '500ms' } };
    });
    const { source, emulator } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    limited = true;
    emulator.faults.dropSockets();
    await waitFor(() => source.status().problems.some((p) => /channel setup failing/.test(p)), 'the failing setup in status');
    await new Promise((r) => setTimeout(r, 2000));
    expect(h.error).toBeUndefined();
    limited = false;
    await waitFor(() => allConnected(source) && source.status().problems.length === 0, 'the source to reconnect', 15_000);
    await waitForLiveQueueConversations(h, 'events after the 429s');
    expect(h.error).toBeUndefined();
  });
});
