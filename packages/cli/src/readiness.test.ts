import { createMetrics, type Source } from '@gcstream/core';
import { EMPTY } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { readinessProbe } from './readiness.js';

const source = (channels: Array<{ slot: number; channelId?: string; connected: boolean }>, ready = true): Source =>
  ({ kind: 'genesys', frames$: EMPTY, status: () => ({ state: 'running', framesReceived: 0, channels }), ready: () => ready, close: async () => {} }) as unknown as Source;

describe('readinessProbe', () => {
  it('is ready with every channel connected and every sink connected, and names each that is not', () => {
    const metrics = createMetrics();
    let current = source([{ slot: 0, channelId: 'c0', connected: true }]);
    let draining = false;
    const probe = readinessProbe({ source: () => current, metrics, sinks: ['console', 'postgres'], draining: () => draining });
    metrics.set('gcstream_sink_connected', 1, { sink: 'console' });
    expect(probe()).toEqual({ ready: false, draining: false, notReady: ['sink postgres: not connected yet'] });
    metrics.set('gcstream_sink_connected', 1, { sink: 'postgres' });
    expect(probe()).toEqual({ ready: true, draining: false, notReady: [] });
    metrics.set('gcstream_sink_connected', 0, { sink: 'postgres' });
    current = source([{ slot: 0, connected: false }, { slot: 1, channelId: 'c1', connected: true }], false);
    expect(probe().notReady).toEqual(['source genesys: running', 'channel 0: socket not connected', 'sink postgres: writes are failing (retrying)']);
    metrics.set('gcstream_sink_connected', 1, { sink: 'postgres' });
    current = source([{ slot: 0, channelId: 'c0', connected: true }]);
    draining = true;
    expect(probe()).toEqual({ ready: false, draining: true, notReady: ['draining: the pipeline is stopping'] });
  });
});
