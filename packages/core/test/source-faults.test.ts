import { afterEach, describe, expect, it } from 'vitest';
import { allConnected, sleep, startSourceHarness, waitFor, waitForLiveQueueConversations, type SourceHarness } from './_sourceHarness.js';

const busy = { arrivalRatePerMinute: 6 };

describe('source against the emulator: faults', () => {
  let h: SourceHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('detects a silent socket with the heartbeat watchdog and replaces it', async () => {
    h = await startSourceHarness({ speed: 10, heartbeatMs: 300, faults: ['silent:at=1500ms,for=2500ms'], contactCenter: busy }, { heartbeatTimeout: '1s', pingInterval: '250ms' });
    const { source } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    const firstChannels = source.status().channels.map((c) => c.channelId);
    await waitFor(() => source.status().reconnects >= 1, 'a reconnect after the silence');
    expect(source.status().gaps.closed + source.status().gaps.open).toBeGreaterThanOrEqual(1);
    // once the silence is over, the replacement delivers again
    await sleep(2500);
    await waitFor(() => allConnected(source), 'the source to be connected again');
    await waitForLiveQueueConversations(h, 'live events after the silence');
    expect(source.status().channels.map((c) => c.channelId)).not.toEqual(firstChannels);
    expect(h.error).toBeUndefined();
  });

  it('rides out a burst of 429s on the token endpoint and REST, honouring Retry-After', async () => {
    h = await startSourceHarness({ speed: 10, faults: ['token-429:count=2,retry-after=1s', '429:count=3,retry-after=1s'], contactCenter: busy });
    const { source } = h;
    await waitFor(() => allConnected(source), 'the source to connect despite the 429s', 30_000);
    await waitFor(() => h!.events.length > 0, 'events to flow');
    expect(h.error).toBeUndefined();
  });

  it('recovers from token revocation: fresh token, new channel, events keep flowing', async () => {
    h = await startSourceHarness({ speed: 10, heartbeatMs: 300, contactCenter: busy }, { backfill: true, backfillMargin: '5s' });
    const { source, emulator } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    const before = source.status().channels.map((c) => c.channelId);
    // revoked once connected (a fault timed from the emulator's start could fire before a slow start connects)
    expect(emulator.faults.revokeTokens()).toBeGreaterThan(0);
    await waitFor(() => source.status().channels.some((c) => c.connected && !before.includes(c.channelId)), 'a replacement channel after revocation');
    await waitForLiveQueueConversations(h, 'live events on the new channel');
    expect(h.error).toBeUndefined();
  });

  it('stops with a clear GCS_AUTH_FAILED error on bad credentials', async () => {
    h = await startSourceHarness({ speed: 10 }, { clientSecret: 'wrong' });
    await waitFor(() => h!.error !== undefined, 'the run to fail');
    expect(h.error).toMatchObject({ code: 'GCS_AUTH_FAILED' });
    expect(String((h.error as Error).message)).toMatch(/Check clientId and clientSecret/);
    expect(h.source.status().state).toBe('failed');
  });

  it('replaces evicted (no_longer_subscribed) and expired channels', async () => {
    h = await startSourceHarness({ speed: 10, heartbeatMs: 300, contactCenter: busy });
    const { source, emulator } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    const first = source.status().channels.map((c) => c.channelId);
    expect(emulator.faults.evictChannels()).toBeGreaterThan(0);
    await waitFor(() => allConnected(source) && source.status().channels.every((c) => !first.includes(c.channelId)), 'a replacement after eviction');
    expect(source.status().rollovers).toBeGreaterThanOrEqual(1);
    const second = source.status().channels.map((c) => c.channelId);
    expect(emulator.faults.expireChannels()).toBeGreaterThan(0);
    await waitFor(() => allConnected(source) && source.status().channels.every((c) => !second.includes(c.channelId)), 'a replacement after expiry');
    const after = emulator.truth().length;
    await waitFor(() => h!.events.some((e) => emulator.truth().slice(after).some((r) => r.correlationId === e.metadata.CorrelationId)), 'events on the new channel');
    expect(h.error).toBeUndefined();
  });

  it('refuses a topic set that needs more channels than one OAuth client may hold', async () => {
    h = await startSourceHarness({ speed: 10, contactCenter: { queues: 4 } }, {}, { limits: { maxTopicsPerChannel: 1, maxChannels: 2 } });
    await waitFor(() => h!.error !== undefined, 'the run to fail');
    expect(h.error).toMatchObject({ code: 'GCS_CONFIG_LIMITS', details: { channelsNeeded: 4, clientsNeeded: 2 } });
    expect(String((h.error as Error).message)).toMatch(/split the pipeline across 2 OAuth clients/);
  });
});
