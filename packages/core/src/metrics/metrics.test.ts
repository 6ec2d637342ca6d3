import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { metricCatalogue } from './catalogue.js';
import { createMetrics } from './metrics.js';

/** Every `gcstream_...` metric name core's sources record (inc, set, observe, gaugeFrom), with the file. */
function recordedByCore(): [string, string][] {
  const src = fileURLToPath(new URL('..', import.meta.url));
  const found: [string, string][] = [];
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    for (const m of readFileSync(file, 'utf8').matchAll(/\.(?:inc|set|observe|gaugeFrom)\(\s*'(gcstream_[a-z_]+)'/g)) found.push([m[1]!, file.slice(src.length)]);
  }
  return found;
}

describe('metrics on prom-client', () => {
  it('has every metric core records in the catalogue, so /metrics gives each its type and help', () => {
    const recorded = recordedByCore();
    expect(recorded.length).toBeGreaterThan(40);
    // Left out, a core metric was exposed as "(recorded by a plugin)", its type guessed.
    expect(recorded.filter(([name]) => metricCatalogue[name] === undefined)).toEqual([]);
  });

  it('exposes each metric with the type the catalogue declares, whatever its name ends with', async () => {
    const metrics = createMetrics();
    metrics.inc('gcstream_source_gap_duration_ms_total', undefined, 250);
    metrics.set('gcstream_source_topics', 12);
    metrics.observe('gcstream_receive_to_sink_seconds', 0.2, { sink: 'console' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE gcstream_source_gap_duration_ms_total counter');
    expect(text).toContain('# TYPE gcstream_source_topics gauge');
    expect(text).toContain('# TYPE gcstream_receive_to_sink_seconds histogram');
    expect(text).toContain('# HELP gcstream_source_topics Topics subscribed now.');
    expect(text).toContain('gcstream_receive_to_sink_seconds_bucket{le="0.25",sink="console"} 1');
  });

  it('writes histograms as cumulative buckets, +Inf, _sum and _count, also as JSON', async () => {
    const metrics = createMetrics();
    const labels = { sink: 'pg' };
    for (const seconds of [0.002, 0.02, 0.02, 3, 500]) metrics.observe('gcstream_sink_batch_latency_seconds', seconds, labels);
    const text = await metrics.registry.metrics();
    expect(text).toContain('gcstream_sink_batch_latency_seconds_bucket{le="0.001",sink="pg"} 0\n');
    expect(text).toContain('gcstream_sink_batch_latency_seconds_bucket{le="0.005",sink="pg"} 1\n');
    expect(text).toContain('gcstream_sink_batch_latency_seconds_bucket{le="0.025",sink="pg"} 3\n');
    expect(text).toContain('gcstream_sink_batch_latency_seconds_bucket{le="5",sink="pg"} 4\n');
    expect(text).toContain('gcstream_sink_batch_latency_seconds_bucket{le="120",sink="pg"} 4\n');
    expect(text).toContain('gcstream_sink_batch_latency_seconds_bucket{le="+Inf",sink="pg"} 5\n');
    expect(text).toContain('gcstream_sink_batch_latency_seconds_sum{sink="pg"} 503.042\n');
    expect(text).toContain('gcstream_sink_batch_latency_seconds_count{sink="pg"} 5');
    const [json] = await metrics.registry.getMetricsAsJSON();
    expect(json).toMatchObject({ name: 'gcstream_sink_batch_latency_seconds', type: 'histogram' });
    expect(json!.values).toContainEqual({ labels: { sink: 'pg', le: '+Inf' }, value: 5, metricName: 'gcstream_sink_batch_latency_seconds_bucket' });
  });

  it('makes an unknown name a counter on inc and a gauge on set', async () => {
    const metrics = createMetrics();
    metrics.inc('acme_rows_written', { table: 'calls' }, 3);
    metrics.set('acme_pool_size_total', 4);
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE acme_rows_written counter');
    expect(text).toContain('acme_rows_written{table="calls"} 3');
    expect(text).toContain('# TYPE acme_pool_size_total gauge');
    expect(() => metrics.set('acme_rows_written', 1, { table: 'calls' })).toThrow(/is a counter/);
    expect(() => metrics.inc('acme_rows_written', { other: 'x' })).toThrow(/no label "other"/);
  });

  it('keeps counting between scrapes: each scrape shows the total, not the increments', async () => {
    const metrics = createMetrics();
    const labels = { sink: 'pg' };
    metrics.inc('gcstream_sink_delivered_total', labels, 0);
    expect(await metrics.registry.metrics()).toContain('gcstream_sink_delivered_total{sink="pg"} 0');
    metrics.inc('gcstream_sink_delivered_total', labels, 5);
    expect(await metrics.registry.metrics()).toContain('gcstream_sink_delivered_total{sink="pg"} 5');
    // A new labels object with the same values is the same series.
    metrics.inc('gcstream_sink_delivered_total', { sink: 'pg' }, 2);
    expect(await metrics.registry.metrics()).toContain('gcstream_sink_delivered_total{sink="pg"} 7');
    expect(metrics.get('gcstream_sink_delivered_total', { sink: 'pg' })).toBe(7);
  });

  it('reads a gauge from its callback at each read', async () => {
    const metrics = createMetrics();
    let age = 1.5;
    metrics.gaugeFrom('gcstream_sink_oldest_in_flight_seconds', () => age, { sink: 'webhook' });
    expect(metrics.snapshot()['gcstream_sink_oldest_in_flight_seconds{sink="webhook"}']).toBe(1.5);
    age = 4;
    expect(await metrics.registry.metrics()).toContain('gcstream_sink_oldest_in_flight_seconds{sink="webhook"} 4');
    expect(metrics.get('gcstream_sink_oldest_in_flight_seconds', { sink: 'webhook' })).toBe(4);
  });

  it('gives each pipeline its own registry', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.inc('gcstream_pipeline_events_total');
    expect(a.registry).not.toBe(b.registry);
    expect(await b.registry.metrics()).not.toContain('gcstream_pipeline_events_total');
    expect(b.snapshot()).toEqual({});
  });

  it('snapshots counters, gauges and histogram counts and sums', () => {
    const metrics = createMetrics();
    metrics.inc('gcstream_dead_letters_total', { stage: 'decode' });
    metrics.observe('gcstream_sink_batch_latency_seconds', 0.5, { sink: 'x' });
    metrics.observe('gcstream_sink_batch_latency_seconds', 1.5, { sink: 'x' });
    expect(metrics.snapshot()).toEqual({
      'gcstream_dead_letters_total{stage="decode"}': 1,
      'gcstream_sink_batch_latency_seconds_count{sink="x"}': 2,
      'gcstream_sink_batch_latency_seconds_sum{sink="x"}': 2,
    });
    expect(metrics.get('gcstream_sink_batch_latency_seconds', { sink: 'x' })).toBe(2);
  });
});
