import { describe, expect, it } from 'vitest';
import { recordingSink, testEvent } from '../../test/pipelineSupport.js';
import { runner, writes } from '../../test/sinkHarness.js';

const never = () => new Promise<void>(() => {});

describe('sink runner: writes that do not return', () => {
  it('counts a write past writeTimeout as a retryable failure and retries it', async () => {
    const rec = recordingSink((call) => (call === 0 ? never() : undefined));
    const { r, advance, metrics } = runner(rec.sink, { batch: { size: 1, interval: 10 }, writeTimeout: 1000, retry: { attempts: 3, initialDelay: 100, maxDelay: 100 } });
    r.offer(testEvent(1));
    await advance(999);
    expect(writes(rec)).toBe(1);
    expect(r.stats().timeouts).toBe(0);
    await advance(1);
    expect(r.stats()).toMatchObject({ timeouts: 1, retries: 1 });
    // Backoff 50 ms (random 0.5 of 100), then the second write succeeds.
    await advance(50);
    expect(rec.batches).toEqual([[1]]);
    expect(r.stats()).toMatchObject({ delivered: 1, deadLettered: 0, inFlight: 0 });
    expect(metrics.get('gcstream_sink_write_timeouts_total', { sink: 'test' })).toBe(1);
  });

  it('dead-letters a batch whose every write times out, naming writeTimeout and the attempts', async () => {
    const rec = recordingSink(() => never());
    const { r, advance, dead, attempts } = runner(rec.sink, { batch: { size: 2, interval: 10 }, writeTimeout: 500, retry: { attempts: 1, initialDelay: 10, maxDelay: 10 } });
    r.offer(testEvent(1));
    r.offer(testEvent(2));
    await advance(10_000);
    expect(writes(rec)).toBe(2);
    expect(dead.map(([event]) => event)).toEqual([1, 2]);
    expect(dead[0]![1]).toMatch(/gave up after 2 attempts: .*within 500 ms \(writeTimeout\)/);
    expect(attempts).toEqual([2, 2]);
    expect(r.stats()).toMatchObject({ timeouts: 2, inFlight: 0, deadLettered: 2 });
  });

  it('a hung write (writeTimeout 0) is dead-lettered at a hard stop, never lost, and a late return is ignored', async () => {
    let finish: () => void = () => {};
    const rec = recordingSink(() => new Promise<void>((resolve) => (finish = resolve)));
    const { r, advance, dead, attempts } = runner(rec.sink, { batch: { size: 2, interval: 10 }, writeTimeout: 0 });
    r.offer(testEvent(1));
    r.offer(testEvent(2));
    r.offer(testEvent(3));
    let drained = false;
    void r.drain().then(() => (drained = true));
    await advance(60_000);
    expect(drained).toBe(false);
    expect(r.stats()).toMatchObject({ inFlight: 1, buffered: 1, oldestInFlightMs: 60_000 });
    r.abort('shutdown timeout (10000 ms) passed before delivery');
    await advance(0);
    expect(drained).toBe(true);
    expect(dead.map(([event]) => event).sort()).toEqual([1, 2, 3]);
    expect(dead[0]![1]).toContain('the write had not finished after 60000 ms (1 attempt)');
    expect(attempts).toEqual([1, 1, 0]);
    finish();
    await advance(0);
    expect(r.stats()).toMatchObject({ delivered: 0, deadLettered: 3, inFlight: 0, oldestInFlightMs: 0 });
  });

  it('shows the age of the oldest write in flight, in stats and as a gauge', async () => {
    const gates: Array<() => void> = [];
    const rec = recordingSink(() => new Promise<void>((resolve) => gates.push(resolve)));
    const { r, advance, metrics } = runner(rec.sink, { batch: { size: 1, interval: 10 }, maxInFlight: 2, writeTimeout: 0 });
    const age = () => metrics.get('gcstream_sink_oldest_in_flight_seconds', { sink: 'test' });
    expect(age()).toBe(0);
    r.offer(testEvent(1));
    await advance(3_000);
    r.offer(testEvent(2));
    await advance(2_000);
    expect(r.stats().oldestInFlightMs).toBe(5_000);
    expect(age()).toBe(5);
    gates.shift()!();
    await advance(0);
    expect(age()).toBe(2);
    gates.shift()!();
    await advance(0);
    expect(age()).toBe(0);
  });
});

describe('sink runner: metrics', () => {
  it('shows every series of a sink from the start, before its first delivery', () => {
    const { metrics } = runner(recordingSink().sink, {});
    expect(metrics.snapshot()).toMatchObject({
      'gcstream_sink_delivered_total{sink="test"}': 0,
      'gcstream_sink_retries_total{sink="test"}': 0,
      'gcstream_sink_dead_lettered_total{sink="test"}': 0,
      'gcstream_sink_dropped_total{policy="dead-letter",sink="test"}': 0,
      'gcstream_sink_buffered{sink="test"}': 0,
      'gcstream_sink_in_flight{sink="test"}': 0,
      'gcstream_sink_oldest_in_flight_seconds{sink="test"}': 0,
    });
  });

  it('observes receive-to-sink latency for each event delivered', async () => {
    const rec = recordingSink();
    const { r, advance, metrics, clock } = runner(rec.sink, { batch: { size: 3, interval: 200 } });
    await advance(1_000);
    // Received at 400, 600 and 1000 (virtual ms); the third fills the batch, written at once at 1000.
    for (const receivedAt of [400, 600, 1000]) r.offer({ ...testEvent(receivedAt), receivedAt });
    await advance(0);
    expect(clock.now()).toBe(1_000);
    expect(metrics.snapshot()['gcstream_receive_to_sink_seconds_count{sink="test"}']).toBe(3);
    expect(metrics.snapshot()['gcstream_receive_to_sink_seconds_sum{sink="test"}']).toBeCloseTo(0.6 + 0.4 + 0);
  });

  it('a hard stop cancels the writeTimeout timer of the write it gives up, so no timer outlives the runner', async () => {
    const rec = recordingSink(() => never());
    const { r, advance, clock, dead } = runner(rec.sink, { batch: { size: 1, interval: 10 }, writeTimeout: 30_000 });
    r.offer(testEvent(1));
    await advance(0);
    r.abort('stop');
    await advance(0);
    expect(dead.map(([event]) => event)).toEqual([1]);
    // A pending 30 s timer would keep a process that embeds runPipeline alive after it returned.
    expect(clock.scheduler.actions.filter((action) => !action.closed)).toEqual([]);
  });
});
