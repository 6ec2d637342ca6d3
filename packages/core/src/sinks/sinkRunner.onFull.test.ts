import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { recordingSink, testEvent } from '../../test/pipelineSupport.js';
import { runner } from '../../test/sinkHarness.js';

/** A sink whose writes wait until `release()` is called. */
function gatedSink() {
  const gates: Array<() => void> = [];
  const rec = recordingSink(() => new Promise<void>((resolve) => gates.push(resolve)));
  return { rec, release: () => gates.shift()?.() };
}

function capturingLogger() {
  const lines: Array<{ msg: string; dropped?: number }> = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) });
  return { logger, lines };
}

describe('sink runner: onFull bounds the buffer', () => {
  it('dead-letter: new events go to dead letters, the buffer never passes bufferSize', async () => {
    const { rec } = gatedSink();
    const { r, dead, attempts, metrics } = runner(rec.sink, { batch: { size: 1, interval: 10 }, bufferSize: 3, onFull: 'dead-letter' });
    for (let i = 1; i <= 1000; i++) {
      expect(r.offer(testEvent(i))).toBe(true);
      expect(r.stats().buffered).toBeLessThanOrEqual(3);
    }
    // 1 is being written, 2..4 wait, 5..1000 were turned away.
    expect(dead.map(([event]) => event)).toEqual(Array.from({ length: 996 }, (_, i) => i + 5));
    expect(dead[0]![1]).toContain('buffer full (3 events, onFull: dead-letter)');
    expect(attempts.every((a) => a === 0)).toBe(true);
    expect(r.stats()).toMatchObject({ dropped: 996, deadLettered: 996, buffered: 3, inFlight: 1 });
    expect(metrics.get('gcstream_sink_dropped_total', { sink: 'test', policy: 'dead-letter' })).toBe(996);
  });

  it('drop-oldest: the oldest waiting event goes to dead letters, the newest are written', async () => {
    const { rec, release } = gatedSink();
    const { r, dead, advance, metrics } = runner(rec.sink, { batch: { size: 1, interval: 10 }, bufferSize: 2, onFull: 'drop-oldest' });
    for (let i = 1; i <= 6; i++) {
      expect(r.offer(testEvent(i))).toBe(true);
      expect(r.stats().buffered).toBeLessThanOrEqual(2);
    }
    // 1 is being written; 2, 3 and 4 made room for 4, 5 and 6.
    expect(dead.map(([event]) => event)).toEqual([2, 3, 4]);
    expect(dead[0]![1]).toContain('onFull: drop-oldest');
    for (let i = 0; i < 3; i++) {
      release();
      await advance(0);
    }
    expect(rec.delivered()).toEqual([1, 5, 6]);
    expect(r.stats()).toMatchObject({ delivered: 3, dropped: 3, buffered: 0 });
    expect(metrics.get('gcstream_sink_dropped_total', { sink: 'test', policy: 'drop-oldest' })).toBe(3);
  });

  it('block: refuses instead of growing, drops nothing', async () => {
    const { rec, release } = gatedSink();
    const { r, dead, advance } = runner(rec.sink, { batch: { size: 1, interval: 10 }, bufferSize: 2, onFull: 'block' });
    const refused: number[] = [];
    for (let i = 1; i <= 10; i++) if (!r.offer(testEvent(i))) refused.push(i);
    expect(refused).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(r.stats()).toMatchObject({ buffered: 2, dropped: 0 });
    expect(r.hasRoom()).toBe(false);
    release();
    await advance(0);
    expect(r.hasRoom()).toBe(true);
    expect(dead).toEqual([]);
  });

  it('logs drops at most once per 10 s, and every drop is in some line', async () => {
    const { rec } = gatedSink();
    const { logger, lines } = capturingLogger();
    const { r, advance } = runner(rec.sink, { batch: { size: 1, interval: 10 }, bufferSize: 1, onFull: 'dead-letter' }, [], { logger });
    r.offer(testEvent(0));
    r.offer(testEvent(0));
    for (let i = 0; i < 500; i++) r.offer(testEvent(i));
    await advance(5_000);
    for (let i = 0; i < 300; i++) r.offer(testEvent(i));
    const drops = () => lines.filter((line) => line.msg.includes('dropped to dead letters'));
    expect(drops().map((line) => line.dropped)).toEqual([1]);
    await advance(5_000);
    expect(drops().map((line) => line.dropped)).toEqual([1, 799]);
    await advance(60_000);
    expect(drops()).toHaveLength(2);
  });
});
