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
});
