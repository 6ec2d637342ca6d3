import { createMetrics } from '@gcstream/core';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { startMetricsServer } from './metricsServer.js';

describe('metrics server', () => {
  it('serves valid Prometheus text from the registry, with declared types and escaped label values', async () => {
    const metrics = createMetrics();
    // A sink label a user chose: quotes, a backslash and a newline must be escaped, not break the line.
    const sink = 'hooks "prod"\\eu\nwest';
    metrics.inc('gcstream_sink_delivered_total', { sink }, 5);
    metrics.set('gcstream_sink_buffered', 2, { sink });
    metrics.observe('gcstream_sink_batch_latency_seconds', 0.02, { sink });
    metrics.inc('gcstream_source_gap_duration_ms_total', undefined, 1500);
    const server = await startMetricsServer({ port: 0, host: '127.0.0.1', metrics, ready: () => true });
    try {
      const response = await fetch(`${server.url}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toContain('sink="hooks \\"prod\\"\\\\eu\\nwest"');
      const families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
      const delivered = families.get('gcstream_sink_delivered_total');
      expect(delivered?.type).toBe('COUNTER');
      expect(delivered?.metrics).toEqual([{ labels: { sink }, value: '5' }]);
      expect(families.get('gcstream_sink_buffered')?.type).toBe('GAUGE');
      expect(families.get('gcstream_source_gap_duration_ms_total')?.metrics[0]?.value).toBe('1500');
      const latency = families.get('gcstream_sink_batch_latency_seconds');
      expect(latency?.type).toBe('HISTOGRAM');
      // The parser drops labelled histograms' _sum and _count, so those are read from the text.
      expect(text).toContain('gcstream_sink_batch_latency_seconds_sum{sink="hooks \\"prod\\"\\\\eu\\nwest"} 0.02');
      expect(text).toContain('gcstream_sink_batch_latency_seconds_count{sink="hooks \\"prod\\"\\\\eu\\nwest"} 1');
      expect(latency?.metrics[0]?.buckets?.['0.025']).toBe('1');
      expect(latency?.metrics[0]?.buckets?.['0.01']).toBe('0');
      // The process's own metrics, for memory and event-loop lag under load.
      expect(Number(families.get('process_resident_memory_bytes')?.metrics[0]?.value)).toBeGreaterThan(0);
      expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('GAUGE');
    } finally {
      await server.close();
    }
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
