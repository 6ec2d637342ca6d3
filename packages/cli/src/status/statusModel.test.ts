import { createMetrics } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { renderPanel } from './statusPanel.js';
import { sparkline, StatusModel } from './statusModel.js';

describe('status model and panel', () => {
  it('rates are the change between samples; lag is the mean receive-to-delivery of the interval', () => {
    const metrics = createMetrics();
    let now = 0;
    let frames = 0;
    const model = new StatusModel(metrics, () => ({ state: 'running', framesReceived: frames, channels: [{ connected: true }, { connected: false }], reconnects: 2, rollovers: 1, backfilled: 7, gaps: { open: 0, closed: 1 } }) as never, () => now);
    metrics.inc('gcstream_sink_delivered_total', { sink: 'pg' }, 0);
    model.sample();
    now = 2000;
    frames = 40;
    metrics.inc('gcstream_pipeline_events_total', {}, 30);
    metrics.inc('gcstream_sink_delivered_total', { sink: 'pg' }, 30);
    metrics.observe('gcstream_receive_to_sink_seconds', 0.5, { sink: 'pg' });
    metrics.observe('gcstream_receive_to_sink_seconds', 1.5, { sink: 'pg' });
    metrics.set('gcstream_sink_connected', 1, { sink: 'pg' });
    const sample = model.sample();
    expect(sample).toMatchObject({ rateIn: 20, rateOut: 15, eventsIn: 40, eventsOut: 30 });
    expect(sample.sinks).toEqual([{ name: 'pg', delivered: 30, lagSeconds: 1, buffered: 0, retries: 0, deadLetters: 0, connected: true }]);
    expect(sample.source).toMatchObject({ channelsConnected: 1, channels: 2, reconnects: 2, rollovers: 1, gaps: 1, backfilled: 7 });
    const lines = renderPanel(sample, 200, false);
    expect(lines[0]).toMatch(/^gcstream {2}in 20\/s ▁█ {2}out 15\/s ▁█ {2}total 40 in, 30 out$/);
    expect(lines[2]).toMatch(/^ {2}pg +30 +1\.00s +0 +0 +0$/);
    expect(lines[3]).toBe('  source running: channels 1/2 connected, 2 reconnects, 1 rollovers, 1 gaps, 7 backfilled');
    expect(renderPanel(sample, 200, true)).toHaveLength(1);
    expect(renderPanel(sample, 30, false).every((l) => l.length <= 30)).toBe(true);
  });

  it('sparklines scale to their maximum', () => {
    expect(sparkline([0, 1, 2, 4])).toBe('▁▃▅█');
    expect(sparkline([0, 0])).toBe('▁▁');
  });
});
