import { afterEach, describe, expect, it } from 'vitest';
import { createDirectory } from '../src/model/directory.js';
import { allConnected, startSourceHarness, waitFor, type SourceHarness } from './_sourceHarness.js';

describe('source against the emulator: queue settings for queueMetrics', () => {
  let h: SourceHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("fills the directory with each discovered queue's mediaSettings, as the queue listing serves them", async () => {
    const directory = createDirectory();
    h = await startSourceHarness(
      { speed: 20, heartbeatMs: 300, warm: false, contactCenter: { queues: 3, agents: 6, analytics: { serviceLevels: { Sales: { voice: { durationMs: 7_000, percentage: 0.65 } } } } } },
      { topics: ['v2.routing.queues.{queueId}.conversations'] },
      { directory },
    );
    await waitFor(() => allConnected(h!.source), 'the source to connect');
    const { contactCenter } = h.emulator;
    expect(contactCenter.queues.length).toBe(3);
    for (const queue of contactCenter.queues) {
      const settings = directory.queueMediaSettings(queue.id) as Record<string, { serviceLevel: unknown }> | undefined;
      expect(settings?.call?.serviceLevel).toEqual(contactCenter.analytics.serviceLevel(queue.id, 'voice'));
      expect(settings?.email?.serviceLevel).toEqual(contactCenter.analytics.serviceLevel(queue.id, 'email'));
    }
    const sales = contactCenter.queues.find((q) => q.name === 'Sales');
    expect(sales && directory.queueMediaSettings(sales.id)).toMatchObject({ call: { serviceLevel: { durationMs: 7_000, percentage: 0.65 } } });
  });
});
