import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { allConnected, startSourceHarness, waitFor, sleep, type SourceHarness } from './_sourceHarness.js';

describe('source against the emulator: lifecycle', () => {
  let h: SourceHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('closes every socket when unsubscribed, and leaves none behind when unsubscribed while connecting', async () => {
    h = await startSourceHarness({ speed: 10, heartbeatMs: 300 });
    const { source, emulator } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    expect(emulator.stats().sockets).toBe(source.status().connectedSockets);
    h.subscription.unsubscribe();
    expect(source.status().state).toBe('stopped');
    await waitFor(() => emulator.stats().sockets === 0, 'the emulator to see the socket closed');

    // unsubscribe at every early moment: before login, during discovery, while connecting
    for (const delay of [0, 5, 20, 40, 80]) {
      const sub = source.frames$.subscribe({ error: () => undefined });
      await sleep(delay);
      sub.unsubscribe();
    }
    await sleep(1000);
    expect(emulator.stats().sockets).toBe(0);
  });

  it('meets the Source contract: ready while running, close() completes frames$ and closes every socket', async () => {
    h = await startSourceHarness({ speed: 10, heartbeatMs: 300 });
    const { source, emulator } = h;
    expect(source.kind).toBe('genesys');
    await waitFor(() => allConnected(source), 'the source to connect');
    expect(source.ready()).toBe(true);
    await source.close();
    // completed, not errored: a pipeline drains what it holds, as on a stop signal
    expect(h.subscription.closed).toBe(true);
    expect(h.error).toBeUndefined();
    expect(source.status().state).toBe('stopped');
    expect(source.ready()).toBe(false);
    await waitFor(() => emulator.stats().sockets === 0, 'the emulator to see the sockets closed');
    expect(await lastValueFrom(source.frames$.pipe(toArray()))).toEqual([]);
  });
});
