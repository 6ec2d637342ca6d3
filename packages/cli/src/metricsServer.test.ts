import { createMetrics } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { exposition, startMetricsServer } from './metricsServer.js';

describe('metrics server', () => {
  it('writes counters and gauges in the Prometheus text format', () => {
    const metrics = createMetrics();
    metrics.inc('gcstream_sink_delivered_total', { sink: 'console' }, 5);
    metrics.set('gcstream_sink_buffered', 2, { sink: 'console' });
    expect(exposition(metrics.snapshot())).toBe(
      '# TYPE gcstream_sink_buffered gauge\ngcstream_sink_buffered{sink="console"} 2\n# TYPE gcstream_sink_delivered_total counter\ngcstream_sink_delivered_total{sink="console"} 5\n',
    );
  });

  it('serves /metrics, /healthz and /readyz on loopback', async () => {
    const metrics = createMetrics();
    metrics.inc('gcstream_pipeline_events_total', undefined, 3);
    let ready = false;
    const server = await startMetricsServer({ port: 0, host: '127.0.0.1', metrics, ready: () => ready });
    try {
      expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('gcstream_pipeline_events_total 3');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
      ready = true;
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${server.url}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
